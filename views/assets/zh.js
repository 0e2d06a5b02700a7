// Streamlit's and plotly's own English in Chinese, rewritten as it appears. The table comes from
// views/chinese.py; this script only applies it, so a string missing there stays English.
(() => {
  const {texts, patterns, attributes} = __TABLE__;
  const exact = new Map(Object.entries(texts));
  const rules = patterns.map(([source, target]) => [new RegExp(source), target]);
  // icon names are ligatures of the icon font ("upload", "search"), and code is the app's own text
  const KEEP = '[data-testid="stIconMaterial"], [translate="no"], code, pre, script, style';

  function translate(value) {
    const core = value.trim();
    if (!/[A-Za-z]/.test(core)) return value;
    let chinese = exact.get(core);
    if (chinese === undefined) {
      const rule = rules.find(([pattern]) => pattern.test(core));
      if (!rule) return value;
      chinese = core.replace(rule[0], rule[1]);
    }
    return value.replace(core, chinese);
  }

  function fixText(node) {
    const parent = node.parentElement;
    if (!parent || parent.closest(KEEP)) return;
    const chinese = translate(node.nodeValue);
    if (chinese !== node.nodeValue) node.nodeValue = chinese;
  }

  function fixAttributes(element) {
    for (const name of attributes) {
      const value = element.getAttribute(name);
      if (!value) continue;
      const chinese = translate(value);
      if (chinese !== value) element.setAttribute(name, chinese);
    }
  }

  function fixTree(root) {
    if (root.nodeType === Node.TEXT_NODE) return fixText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixAttributes(root);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node.nodeType === Node.TEXT_NODE) fixText(node); else fixAttributes(node);
    }
  }

  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "childList") record.addedNodes.forEach(fixTree);
      else if (record.type === "characterData") fixText(record.target);
      else fixAttributes(record.target);
    }
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true,
                                        attributes: true, attributeFilter: attributes});
})();
