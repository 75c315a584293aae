// The Jupyter widget manager that renders the book's widgets typesets widget labels with
// MathJax 2's API, MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]); the book loads
// MathJax 3, which has no Hub. Give every value assigned to window.MathJax (the
// configuration object, then MathJax 3 itself) a Hub whose Queue calls MathJax 3.
(function () {
  var hub = {
    Queue: function (cmd) {
      var mj = window.MathJax;
      var el = Array.isArray(cmd) ? cmd[2] : undefined;
      if (mj && mj.typesetPromise) {
        mj.typesetPromise(el ? [el] : undefined).catch(function () {});
      }
    }
  };
  var current = window.MathJax;
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) {
      if (value && typeof value === "object" && !value.Hub) { value.Hub = hub; }
      current = value;
    }
  });
  if (current) { window.MathJax = current; }
})();
