// Parley's keyboard shortcuts (progressive enhancement: every page works without this file).
// j/k next/previous post, r reply all, a reply to author, f forward, u back to the list,
// / search, ? the list of shortcuts. Nothing happens while typing in a field.
(function () {
  "use strict";
  function typing(e) {
    var t = e.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  function posts() { return Array.prototype.slice.call(document.querySelectorAll("article.post")); }
  var current = -1;
  function focusPost(i) {
    var list = posts();
    if (!list.length) { return; }
    current = Math.max(0, Math.min(list.length - 1, i));
    list.forEach(function (p) { p.classList.remove("current"); });
    list[current].classList.add("current");
    list[current].focus();
    list[current].scrollIntoView({ block: "start" });
  }
  function currentPost() {
    var list = posts();
    if (current < 0) {
      var hash = window.location.hash;
      var byHash = hash && document.getElementById(hash.slice(1));
      current = byHash && byHash.classList.contains("post") ? list.indexOf(byHash) : list.length - 1;
    }
    return list[current];
  }
  function follow(selector) {
    var p = currentPost();
    var link = p && p.querySelector(selector);
    if (link) { link.click(); }
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e)) { return; }
    switch (e.key) {
      case "j": focusPost(current + 1); break;
      case "k": focusPost(current < 0 ? 0 : current - 1); break;
      case "r": follow("a.reply-all"); break;
      case "a": follow("a.reply-author"); break;
      case "f": follow("a.forward"); break;
      case "u": {
        var back = document.getElementById("back-to-list");
        if (back) { back.click(); }
        break;
      }
      case "/": {
        var q = document.getElementById("q");
        if (q) { e.preventDefault(); q.focus(); }
        break;
      }
      case "?": {
        var s = document.getElementById("shortcuts");
        if (s) { s.open = !s.open; if (s.open) { s.scrollIntoView(); } }
        break;
      }
      default: return;
    }
  });
  // "Reply all" goes to the reply box of the same page: focus it when we land there.
  if (window.location.hash === "#reply") {
    var box = document.getElementById("reply-body");
    if (box) { box.focus(); }
  }
})();
