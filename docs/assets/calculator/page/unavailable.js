// 医保指南 calculator: what a browser that cannot run the calculator shows in its place.
// One sentence (what is not available, what to do) after the worked examples, which stay, as does
// the rest of the page. The widget moves below the examples so that "上面" is true.

import { el } from "./dom.js";
import { inAppBrowser, unavailableSentence } from "./features.js";

export function examplesFor(root) {
  return root.querySelector(".yb-calc__examples") || document.querySelector(".yb-calc__examples");
}

export function showUnavailable(root, userAgent = navigator.userAgent) {
  const examples = examplesFor(root);
  if (examples && !examples.contains(root) && examples.compareDocumentPosition(root) & Node.DOCUMENT_POSITION_PRECEDING) {
    examples.after(root);
  }
  const sentence = unavailableSentence({ examplesAbove: Boolean(examples), inApp: inAppBrowser(userAgent) });
  const app = root.querySelector(".yb-calc__app") || root.appendChild(el("div", { className: "yb-calc__app" }));
  app.replaceChildren(el("p", { className: "yb-calc__unavailable", role: "note", text: sentence }));
  root.classList.add("yb-calc--unavailable");
  root.setAttribute("aria-busy", "false");
  root.dataset.state = "unavailable";
  return sentence;
}
