/* parcours — editing the map in its page (issue 11).
 * Drag and drop to reorder steps and phases, drag the points of the emotion curve,
 * keyboard shortcuts, rubric links that find their element. No inline script (CSP):
 * everything hangs on event delegation, so it survives the htmx swaps of #map-body.
 * Every action here only clicks or submits a server form that also works without JS. */
(function () {
  "use strict";

  var selectedId = null;

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  function typing(target) {
    if (!target || !target.tagName) { return false; }
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function steps() { return $all("ol.steps > li.step[data-id]"); }

  function select(id, scroll) {
    selectedId = id;
    steps().forEach(function (li) {
      var on = li.getAttribute("data-id") === id;
      li.classList.toggle("selected", on);
      if (on && scroll) { li.scrollIntoView({ block: "nearest" }); }
    });
  }

  function selectedStep() {
    if (!selectedId) { return null; }
    return document.getElementById("step-" + selectedId);
  }

  function flash(element) {
    element.scrollIntoView({ behavior: "smooth", block: "center" });
    element.classList.remove("flash");
    void element.offsetWidth; // restart the animation
    element.classList.add("flash");
  }

  function elementFor(id) {
    return document.getElementById("step-" + id) || document.getElementById("el-" + id);
  }

  function mapId() {
    var bar = $(".edit-toolbar");
    return bar ? bar.getAttribute("data-map-id") : null;
  }

  function closeEditor() {
    var drawer = document.getElementById("editor");
    if (drawer) { drawer.innerHTML = ""; }
  }

  function click(element) { if (element) { element.click(); } }

  /* ---- drag and drop reordering ------------------------------------------------- */
  function prepareLists() {
    $all("[data-reorder]").forEach(function (list) {
      $all(":scope > li[data-id]", list).forEach(function (li) { li.setAttribute("draggable", "true"); });
    });
    steps().forEach(function (li) {
      if (li.getAttribute("data-id") === selectedId) { li.classList.add("selected"); }
    });
  }

  var dragged = null;

  document.addEventListener("dragstart", function (event) {
    var li = event.target.closest && event.target.closest("[data-reorder] > li[data-id]");
    if (!li) { return; }
    dragged = li;
    li.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", li.getAttribute("data-id"));
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) { return; }
    var li = event.target.closest && event.target.closest("[data-reorder] > li[data-id]");
    if (!li || li === dragged || li.parentNode !== dragged.parentNode) { return; }
    event.preventDefault();
    var box = li.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    li.parentNode.insertBefore(dragged, after ? li.nextSibling : li);
  });

  document.addEventListener("drop", function (event) { if (dragged) { event.preventDefault(); } });

  document.addEventListener("dragend", function () {
    if (!dragged) { return; }
    var list = dragged.parentNode;
    dragged.classList.remove("dragging");
    dragged = null;
    var form = document.getElementById(list.getAttribute("data-reorder"));
    if (!form) { return; }
    $all("input[name=order]", form).forEach(function (input) { input.remove(); });
    $all(":scope > li[data-id]", list).forEach(function (li) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "order";
      input.value = li.getAttribute("data-id");
      form.appendChild(input);
    });
    form.requestSubmit();
  });

  /* ---- dragging a point of the emotion curve ------------------------------------ */
  var point = null;

  function scoreAt(svg, clientY) {
    var matrix = svg.getScreenCTM();
    var y = matrix ? (clientY - matrix.f) / matrix.d : clientY;
    var top = Number(svg.getAttribute("data-top"));
    var row = Number(svg.getAttribute("data-row"));
    var score = Math.round(2 - (y - top) / row);
    return Math.max(-2, Math.min(2, score));
  }

  document.addEventListener("pointerdown", function (event) {
    var circle = event.target.closest && event.target.closest("circle.emotion-point");
    if (!circle) { return; }
    point = circle;
    circle.classList.add("dragging");
    if (circle.setPointerCapture) { circle.setPointerCapture(event.pointerId); }
    event.preventDefault();
  });

  document.addEventListener("pointermove", function (event) {
    if (!point) { return; }
    var svg = point.ownerSVGElement;
    var score = scoreAt(svg, event.clientY);
    var top = Number(svg.getAttribute("data-top"));
    var row = Number(svg.getAttribute("data-row"));
    point.setAttribute("cy", String(top + (2 - score) * row));
    point.setAttribute("data-score", String(score));
  });

  document.addEventListener("pointerup", function () {
    if (!point) { return; }
    var circle = point;
    point = null;
    circle.classList.remove("dragging");
    var score = circle.getAttribute("data-score");
    if (score === null) {
      var svg = circle.ownerSVGElement;
      var cy = Number(circle.getAttribute("cy"));
      score = String(Math.round(2 - (cy - Number(svg.getAttribute("data-top"))) / Number(svg.getAttribute("data-row"))));
    }
    var form = document.getElementById("emotions-form");
    if (!form) { return; }
    var field = form.elements.namedItem(circle.getAttribute("data-field"));
    if (!field) { return; }
    field.value = score;
    form.requestSubmit();
  });

  /* ---- clicks: selection, rubric links, closing the drawer ---------------------- */
  document.addEventListener("click", function (event) {
    var target = event.target;
    var link = target.closest && target.closest(".findings a.element");
    if (link) {
      var found = elementFor(link.getAttribute("data-element"));
      if (found) {
        event.preventDefault();
        if (found.matches("li.step")) { select(found.getAttribute("data-id"), false); }
        flash(found);
      }
      return;
    }
    var close = target.closest && target.closest("#editor .close-editor");
    if (close) { event.preventDefault(); closeEditor(); return; }
    var help = target.closest && target.closest("#shortcuts-button");
    if (help) { showHelp(); return; }
    var li = target.closest && target.closest("ol.steps > li.step[data-id]");
    if (li) { select(li.getAttribute("data-id"), false); }
  });

  function showHelp() {
    var dialog = document.getElementById("shortcuts");
    if (dialog && dialog.showModal && !dialog.open) { dialog.showModal(); }
  }

  /* ---- keyboard shortcuts ------------------------------------------------------- */
  document.addEventListener("keydown", function (event) {
    if (!mapId()) { return; }
    var key = event.key;
    var ctrl = event.ctrlKey || event.metaKey;
    if (key === "Escape") { closeEditor(); return; }
    if (typing(event.target)) { return; }
    if (ctrl && (key === "z" || key === "Z")) {
      event.preventDefault();
      click(document.getElementById(event.shiftKey ? "redo-button" : "undo-button"));
      return;
    }
    if (ctrl && (key === "y" || key === "Y")) {
      event.preventDefault();
      click(document.getElementById("redo-button"));
      return;
    }
    if (ctrl || (event.altKey && key !== "ArrowUp" && key !== "ArrowDown")) { return; }
    var list = steps();
    var index = list.findIndex(function (li) { return li.getAttribute("data-id") === selectedId; });
    var step = selectedStep();
    if (key === "?") { event.preventDefault(); showHelp(); }
    else if (event.altKey && (key === "ArrowUp" || key === "ArrowDown") && step) {
      event.preventDefault();
      click($(key === "ArrowUp" ? ".move-up" : ".move-down", step));
    }
    else if (key === "j" || key === "k") {
      if (!list.length) { return; }
      var next = index < 0 ? 0 : Math.max(0, Math.min(list.length - 1, index + (key === "j" ? 1 : -1)));
      select(list[next].getAttribute("data-id"), true);
    }
    else if (key === "e" && step) { event.preventDefault(); click($(".edit-all", step)); }
    else if (key === "n") {
      event.preventDefault();
      var url = "/maps/" + mapId() + "/new/step" + (selectedId ? "?after=" + encodeURIComponent(selectedId) : "");
      if (window.htmx) { window.htmx.ajax("GET", url, { target: "#editor" }); }
      else { window.location.href = url; }
    }
    else if ((key === "Delete" || key === "Backspace") && step) { click($(".delete-button", step)); }
  });

  /* ---- after every swap: draggable lists, the focused element, the drawer ------- */
  document.addEventListener("htmx:afterSwap", function (event) {
    prepareLists();
    var target = event.detail && event.detail.target;
    if (target && target.id === "editor") {
      var first = $("input:not([type=hidden]), select, textarea", target);
      if (first) { first.focus(); }
      return;
    }
    var bar = $(".edit-toolbar");
    var focus = bar && bar.getAttribute("data-focus");
    var element = focus && elementFor(focus);
    if (element) {
      if (element.matches("li.step")) { select(focus, false); }
      flash(element);
    }
  });

  document.addEventListener("DOMContentLoaded", prepareLists);
  if (document.readyState !== "loading") { prepareLists(); }
})();
