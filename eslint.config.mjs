// The site's own JavaScript, checked against the oldest engines the site promises (README: Chrome
// and Android WebView 87+, Safari 14+), by folder so new files are covered as they are added:
// - syntax: at most ES2021 (everything it adds runs in Chrome 85+ and Safari 14+; ES2022's
//   top-level await, static blocks and `#x in` do not);
// - Web APIs: eslint-plugin-compat, with the targets in package.json's "browserslist". The tool
//   cannot see feature detection, so an API used only after detecting it is listed in DETECTED with
//   where it is detected; any other use of a newer API fails the check.
// Run by `make lint` (and so by `make test`).
import compat from "eslint-plugin-compat";
import globals from "globals";

const syntax = { ecmaVersion: 2021 };

// APIs some promised engines lack, used only behind a check for them.
const DETECTED = [
  "navigator.connection", // calculator.js saveData(): `navigator.connection && …`
  "navigator.serviceWorker", // calculator.js: `"serviceWorker" in navigator` before each use
  "requestIdleCallback", // glossary.js: `window.requestIdleCallback || setTimeout`
  "Intl.Segmenter", // search/engine.js fullSearchWorks(): `typeof Intl.Segmenter === "function"`
  "CompressionStream", // calculator page/features.js, worker/snapshot-store.js: `typeof scope.…`
  "DecompressionStream", // the same, and worker/downloads.js before fetchGunzipped
  "Blob.stream", // worker/downloads.js fetchGunzipped: reached only where DecompressionStream is
];

export default [
  {
    // classic scripts, loaded by mkdocs.yml's extra_javascript and the theme
    files: ["docs/javascripts/*.js"],
    languageOptions: {
      ...syntax,
      sourceType: "script",
      globals: { ...globals.browser, __md_get: "readonly", __md_set: "readonly" },
    },
  },
  {
    // ES modules: each subfolder of docs/javascripts/ (search/ …) and the calculator
    files: [
      "docs/javascripts/*/**/*.js",
      "docs/javascripts/**/*.mjs",
      "docs/assets/calculator/**/*.js",
      "docs/assets/calculator/**/*.mjs",
    ],
    languageOptions: {
      ...syntax,
      sourceType: "module",
      globals: { ...globals.browser, ...globals.worker },
    },
  },
  {
    files: ["docs/sw.js"],
    languageOptions: { ...syntax, sourceType: "script", globals: globals.serviceworker },
  },
  compat.configs["flat/recommended"],
  { settings: { polyfills: DETECTED } },
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
];
