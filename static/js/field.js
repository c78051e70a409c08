/*
 * Field forms, made quicker with JavaScript (each works without it as a plain form):
 * - a visit saves as soon as an outcome is chosen (two or three taps in all);
 * - follow-up chips fill the date from the phone's own today (right on a cached page too);
 * - location, when the agent has switched it on once, is added without ever blocking a save;
 * - sign-ups recompute amounts with premiums.js, and household BHYT works out ladder positions
 *   from who is ticked, after those in the household who already joined this year.
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js");
  const LOCATION_KEY = "dtn.location";

  function isoDay(date) {
    const pad = (n) => String(n).padStart(2, "0");
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  function visitForm(form) {
    form.querySelectorAll('input[name="outcome"]').forEach((radio) => {
      radio.addEventListener("change", () => {
        if (radio.checked) form.requestSubmit();
      });
    });
    const chips = form.querySelector("[data-follow-up]");
    const dateInput = form.querySelector('input[name="follow_up_on"]');
    if (chips && dateInput) {
      chips.hidden = false;
      chips.querySelectorAll("button[data-days]").forEach((button) => {
        button.addEventListener("click", () => {
          const day = new Date();
          day.setDate(day.getDate() + Number(button.dataset.days));
          dateInput.value = isoDay(day);
          chips.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed",
            String(b === button)));
        });
      });
    }
    locationOption(form);
  }

  function locationOption(form) {
    const label = form.querySelector("[data-location]");
    if (!label || !("geolocation" in navigator)) return;
    label.hidden = false;
    const box = label.querySelector("input");
    box.checked = localStorage.getItem(LOCATION_KEY) === "on";
    const fill = () => {
      if (!box.checked) return;
      navigator.geolocation.getCurrentPosition((position) => {
        const c = position.coords;
        form.querySelector('[name="location.lat"]').value = c.latitude;
        form.querySelector('[name="location.lon"]').value = c.longitude;
        form.querySelector('[name="location.accuracy"]').value = Math.round(c.accuracy);
      }, () => {}, { timeout: 8000, maximumAge: 600000 });
    };
    box.addEventListener("change", () => {
      localStorage.setItem(LOCATION_KEY, box.checked ? "on" : "off");
      fill();
    });
    fill();
  }

  function money(amount) {
    return window.Premiums ? window.Premiums.formatMoney(amount) : String(amount);
  }

  function setAmount(container, amount) {
    const input = container.querySelector("[data-amount]");
    const text = container.querySelector("[data-amount-text]");
    input.value = amount === null ? "" : String(amount);
    if (text) text.textContent = amount === null ? "" : money(amount);
  }

  function showQuoteError(form, error) {
    let note = form.querySelector("[data-quote-error]");
    if (!note) {
      note = document.createElement("p");
      note.className = "error";
      note.setAttribute("role", "alert");
      note.dataset.quoteError = "";
      const anchor = form.querySelector("[data-amount]");
      if (!anchor) return;
      anchor.parentNode.insertBefore(note, anchor);
    }
    note.textContent = error ? error.message : "";
    note.hidden = !error;
  }

  function quoteOn(form) {
    const receipt = form.querySelector('[name="receipt_date"]');
    return (receipt && receipt.value) || isoDay(new Date());
  }

  /* One person's sign-up: BHXH by income, or one household BHYT record by its position. */
  function singleForm(form) {
    const number = (name) => Number(form.querySelector('[name="' + name + '"]').value
      .replace(/\D/g, ""));
    const recompute = () => {
      if (!window.Premiums) return;
      try {
        const args = {
          on: quoteOn(form),
          months: number("months"),
          group: form.querySelector('[name="group"]').value,
          province: form.dataset.province,
        };
        const quote = form.dataset.quote === "bhxh_tn"
          ? window.Premiums.quoteBhxh(Object.assign(args, { income: number("income") }))
          : window.Premiums.quoteBhyt(Object.assign(args, { position: number("position") }));
        setAmount(form, quote.payable);
        window.Premiums.showPrepay(form.querySelector("[data-quote-prepay]"), quote);
        showQuoteError(form, null);
      } catch (error) {
        window.Premiums.showPrepay(form.querySelector("[data-quote-prepay]"), null);
        showQuoteError(form, error);
      }
    };
    form.querySelectorAll("[data-quote-input]").forEach((input) =>
      input.addEventListener("change", recompute));
  }

  function bhytForm(form) {
    const members = Array.from(form.querySelectorAll("fieldset[data-record]"));
    const joined = Number(form.dataset.joined || 0);
    const recompute = () => {
      let position = joined;
      let total = 0;
      showQuoteError(form, null);
      members.forEach((fieldset) => {
        const box = fieldset.querySelector("[data-member]");
        fieldset.disabled = !box.checked;
        const positionInput = fieldset.querySelector("[data-position]");
        const positionText = fieldset.querySelector("[data-position-text]");
        if (!box.checked) {
          positionInput.value = "";
          positionText.textContent = "–";
          setAmount(fieldset, null);
          return;
        }
        position += 1;
        positionInput.value = String(position);
        positionText.textContent = String(position);
        if (!window.Premiums) return;
        try {
          const quote = window.Premiums.quoteBhyt({
            on: quoteOn(form), position: position,
            months: Number(form.querySelector('[name="months"]').value),
            group: form.querySelector('[name="group"]').value,
            province: form.dataset.province,
          });
          setAmount(fieldset, quote.payable);
          total += quote.payable;
        } catch (error) {
          showQuoteError(form, error);
        }
      });
      const totalText = form.querySelector("[data-total]");
      if (totalText) totalText.textContent = money(total);
    };
    members.forEach((fieldset) =>
      fieldset.querySelector("[data-member]").addEventListener("change", recompute));
    form.querySelectorAll("[data-quote-input]").forEach((input) =>
      input.addEventListener("change", recompute));
  }

  document.querySelectorAll("form[data-record-kind]").forEach((form) => {
    if (form.matches("[data-autosubmit]")) visitForm(form);
    if (!form.dataset.quote) return;
    if (form.querySelector("fieldset[data-record]")) bhytForm(form);
    else singleForm(form);
  });
})();
