// Parley's keyboard shortcuts (progressive enhancement: every page works without this file).
// j/k next/previous post, r reply all (the reply box at the foot of the page, when it has one),
// a reply to author, f forward, u back to the list, / search, ? the list of shortcuts.
// Nothing happens while typing in a field.
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
  // Reply all in the page's own reply box: answer the post chosen with j/k (else the one the box
  // already answers), and put the cursor in the box. Without a box, follow the post's link.
  function replyAll(e) {
    var box = document.getElementById("reply-body");
    if (!box) { follow("a.reply-all"); return; }
    e.preventDefault();
    var p = current >= 0 ? posts()[current] : null;
    if (p && p.classList.contains("removed")) { p = null; } // a tombstone takes no reply
    var parent = box.form && box.form.querySelector("input[name=parent]");
    if (p && parent) {
      parent.value = p.id.slice(1);
      var name = document.getElementById("reply-to-name");
      if (name) { name.textContent = p.getAttribute("data-author") || ""; }
    }
    box.focus();
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e)) { return; }
    switch (e.key) {
      case "j": focusPost(current + 1); break;
      case "k": focusPost(current < 0 ? 0 : current - 1); break;
      case "r": replyAll(e); break;
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
