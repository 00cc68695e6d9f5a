"use strict";
// Django's autocomplete boxes (select2 4.0.13) leave parts unnamed for screen readers: a box
// is named by its current value only (by nothing when empty), its search fields have no label,
// an open box points at its options with aria-owns where ARIA 1.2 asks for aria-controls, and
// the "remove all" cross of a multiple choice sits inside the list of chosen items. Each part is
// mended when select2 adds or changes it: on loading, in a new inline row, on opening.
{
    function nameOf(select) {
        const label = select.labels && select.labels[0];
        return label ? label.textContent.trim().replace(/:$/, "") : select.getAttribute("aria-label") || select.name;
    }

    function set(element, attribute, value) {
        // only when it differs: setting an attribute is a mutation, which would call mend again
        if (value === null) {
            if (element.hasAttribute(attribute)) element.removeAttribute(attribute);
        } else if (element.getAttribute(attribute) !== value) {
            element.setAttribute(attribute, value);
        }
    }

    function mend() {
        for (const select of document.querySelectorAll("select.admin-autocomplete")) {
            const container = select.nextElementSibling;
            if (!container || !container.classList.contains("select2")) continue;
            const name = nameOf(select);
            const box = container.querySelector(".select2-selection");
            const rendered = box.querySelector(".select2-selection__rendered");
            const label = select.labels && select.labels[0];
            if (box.classList.contains("select2-selection--single")) {
                // the value shown is the box's, not a text box of its own (unnamed when empty)
                set(rendered, "role", null);
                set(rendered, "aria-readonly", null);
            }
            if (box.classList.contains("select2-selection--single") && label && rendered.id) {
                label.id = label.id || `${select.id}-label`;
                set(box, "aria-labelledby", `${label.id} ${rendered.id}`);  // "Place: Islamabad"
            } else {
                set(box, "aria-labelledby", null);
                set(box, "aria-label", name);
            }
            set(box, "aria-controls", box.getAttribute("aria-owns"));
            for (const field of container.querySelectorAll(".select2-search__field")) set(field, "aria-label", name);
            if (box.classList.contains("select2-selection--multiple")) {
                // Out of the list, the cross still works (select2 looks for it anywhere in the
                // box), but it is no longer emptied with the list: the one it replaces goes, and
                // so does the last one once nothing is chosen.
                const clear = rendered.querySelector(":scope > .select2-selection__clear");
                const chosen = rendered.querySelector(".select2-selection__choice");
                for (const moved of box.querySelectorAll(":scope > .select2-selection__clear")) {
                    if (clear || !chosen) moved.remove();
                }
                if (clear) box.insertBefore(clear, rendered);
            }
        }
        // the search field of an open single choice, in its dropdown at the end of the page
        for (const field of document.querySelectorAll(".select2-dropdown .select2-search__field[aria-controls]")) {
            const results = field.getAttribute("aria-controls");  // "select2-id_place-results"
            const select = document.getElementById(results.replace(/^select2-(.*)-results$/, "$1"));
            if (select) set(field, "aria-label", `Search: ${nameOf(select)}`);
        }
    }

    new MutationObserver(mend).observe(document.documentElement, {
        childList: true, subtree: true, attributes: true, attributeFilter: ["aria-owns", "aria-controls"],
    });
}
