// 医保指南 calculator: what this browser can do, checked by feature, never by browser name (the user
// agent only picks the words of the fallback sentence: where to find "open in the system browser").
// No DOM; `scope` is window on the page (a stand-in object in tests).
//
//   calculator  module workers and WebAssembly: without them the calculator cannot run here, and the
//               page says so in one sentence (the worked examples and the rest of the page stay)
//   snapshot    Cache Storage and CompressionStream/DecompressionStream: without them every visit
//               starts Python from scratch (slower, same answers), silently
//   offline     a service worker: without it the calculator needs the network each visit, silently
//   stdlibGz    DecompressionStream: the smaller download of the standard library

// Module workers: reading WorkerOptions.type is the sign. The getter throws, so no worker is made and
// nothing is fetched; a browser that ignores the options throws on the unparsable URL instead.
function moduleWorkers(scope) {
  if (typeof scope.Worker !== "function") return false;
  let read = false;
  const probe = {
    get type() {
      read = true;
      throw new Error("probe");
    },
  };
  try {
    new scope.Worker("http://[", probe);
  } catch (e) {
    // expected either way
  }
  return read;
}

function webAssembly(scope) {
  const wasm = scope.WebAssembly;
  return Boolean(wasm) && typeof wasm === "object" && typeof wasm.instantiate === "function"
    && typeof wasm.Module === "function";
}

export function detectFeatures(scope = globalThis) {
  const has = {
    moduleWorker: moduleWorkers(scope),
    wasm: webAssembly(scope),
    cacheStorage: Boolean(scope.caches) && typeof scope.caches.open === "function",
    compression: typeof scope.CompressionStream === "function",
    decompression: typeof scope.DecompressionStream === "function",
    serviceWorker: Boolean(scope.navigator && scope.navigator.serviceWorker),
    segmenter: Boolean(scope.Intl && typeof scope.Intl.Segmenter === "function"),
  };
  return {
    ...has,
    calculator: has.moduleWorker && has.wasm,
    snapshot: has.cacheStorage && has.compression && has.decompression,
    offline: has.serviceWorker,
    stdlibGz: has.decompression,
    missing: Object.keys(has).filter((k) => !has[k]),
  };
}

// Apps whose built-in browser has "open in the system browser" in the ⋯ menu at the top right.
const IN_APP = /MicroMessenger|wxwork|\bQQ\/|AlipayClient|Weibo|DingTalk/i;

export function inAppBrowser(userAgent) {
  return IN_APP.test(String(userAgent || ""));
}

// The one sentence shown where the calculator cannot run: what is missing and what to do.
export function unavailableSentence({ examplesAbove, inApp }) {
  const use = examplesAbove ? "可以用上面算好的例子" : "可以看各地区页面上算好的例子";
  const open = inApp ? "或者点右上角用系统浏览器打开" : "或者换用新版的浏览器打开";
  return `这个浏览器算不了，${use}，${open}。`;
}
