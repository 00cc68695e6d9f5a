// The timeline page's few behaviours beyond htmx's attributes. Everything here is an
// improvement: without JavaScript the same links and form work as plain pages.
(function () {
  "use strict";
  // The filter form comes back with every result (out of band), drawn from the URL its request
  // asked. When the user changed the form since that request left (ticked a box while its
  // answer was on its way), drawing it would undo the change: the form is kept as the user left
  // it, and the request their change made brings its own answer (htmx queues it behind this one).
  // Otherwise it is drawn, keeping what the user went on typing while the request ran.
  // And the control the user changed stays where it was on the screen: on a phone the results
  // come above the form, and an answer that shortens them would carry the box just tapped out
  // of view. Its place is noted before the answer is drawn and the page scrolled back after.
  var formEdits = 0, staleAnswer = false, lastControl = null, anchor = null;
  function inForm(element) {
    return !!(element && element.closest && element.closest("#filters"));
  }
  ["input", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var target = event.target;
      if (!inForm(target)) return;
      if (target.id !== "id_actor_q") formEdits += 1;
      if (type === "change" && target.id) lastControl = target.id;
    }, true);
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.xhr) event.detail.xhr.formEdits = formEdits;
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    staleAnswer = !!xhr && xhr.formEdits !== undefined && xhr.formEdits !== formEdits;
    anchor = null;
    var config = event.detail.requestConfig;
    if (!event.detail.target || event.detail.target.id !== "results" || !inForm(config && config.elt)) return;
    var active = document.activeElement;
    var id = inForm(active) && active.id ? active.id : lastControl;
    var control = id && document.getElementById(id);
    if (control) anchor = {id: id, top: control.getBoundingClientRect().top};
  });
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "filters") return;
    if (staleAnswer) {
      event.detail.shouldSwap = false;
      return;
    }
    var active = document.activeElement;
    if (!active || !active.id || !target.contains(active) || (active.type !== "search" && active.type !== "text")) return;
    var incoming = event.detail.fragment && event.detail.fragment.querySelector("#" + active.id);
    if (incoming) incoming.value = active.value;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!anchor || !event.detail.target || event.detail.target.id !== "results") return;
    var control = document.getElementById(anchor.id);
    if (control) {
      var moved = control.getBoundingClientRect().top - anchor.top;
      if (Math.abs(moved) > 1) window.scrollBy(0, moved);
    }
    anchor = null;
  });

  // Focus stays where the user acted: htmx keeps it on a control that is drawn again (same
  // id); when the control is gone (a chart bar, a chip, a suggestion), it moves to what
  // replaced it, never to the top of the page.
  // After choosing or removing an actor, the finder keeps the focus until the user acts again,
  // even if a late answer to a search typed before redraws the list the choice was made in.
  var keepFinderFocus = false;
  function lost(active) {
    return !active || active === document.body || !document.contains(active);
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!event.detail.target || event.detail.target.id !== "results") return;
    var elt = event.detail.elt;
    keepFinderFocus = !!(elt && elt.closest && (elt.closest("#actor-suggestions") || elt.closest(".chosen")));
  });
  ["keydown", "pointerdown"].forEach(function (type) {
    document.addEventListener(type, function () { keepFinderFocus = false; }, true);
  });
  function keepOnFinder() {
    var finder = document.getElementById("id_actor_q");
    if (!keepFinderFocus || !finder || !lost(document.activeElement)) return false;
    finder.focus();
    return true;
  }
  // any swap may take the focused element away (a late answer, the form drawn out of band),
  // whichever request it answers and whenever it settles
  document.addEventListener("htmx:afterSwap", keepOnFinder);
  document.addEventListener("htmx:oobAfterSwap", keepOnFinder);
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!lost(document.activeElement) || keepOnFinder()) return;
    var finder = document.getElementById("id_actor_q");
    if (!event.detail.target || event.detail.target.id !== "results") return;
    // the element that made this request (another may have started one since: the finder's
    // delayed search, a "load more" scrolled into view)
    var config = event.detail.requestConfig;
    var trigger = (config && config.elt) || event.detail.elt, place = null;
    if (trigger && trigger.closest) {
      if (trigger.closest(".density")) place = document.getElementById("density");
      else if (trigger.closest("#actor-suggestions") || trigger.closest(".chosen")) place = finder;
    }
    place = place || document.getElementById("match-count");
    if (place) place.focus();
  });

  // The actor finder: typing asks for names (its own htmx trigger); it never submits the
  // form by itself. Enter asks at once; the arrow keys walk the names found.
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "id_actor_q") event.stopPropagation();
  }, true);
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!target || !target.closest) return;
    var finder = target.id === "id_actor_q";
    var inList = target.closest("#actor-suggestions");
    if (!finder && !inList) return;
    if (finder && event.key === "Enter") {
      event.preventDefault();
      if (window.htmx) window.htmx.trigger(target, "find");
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(document.querySelectorAll("#actor-suggestions a"));
    if (!links.length) return;
    var index = links.indexOf(target);
    var next = event.key === "ArrowDown" ? index + 1 : index - 1;
    event.preventDefault();
    if (next < 0) document.getElementById("id_actor_q").focus();
    else links[Math.min(next, links.length - 1)].focus();
  });
})();
