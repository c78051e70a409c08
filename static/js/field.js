/*
 * Field forms, made quicker with JavaScript (each works without it as a plain form):
 * - a visit saves as soon as an outcome is chosen (two or three taps in all);
 * - follow-up chips fill the date from the phone's own today (right on a cached page too);
 * - location, when the agent has switched it on once, is added without ever blocking a save;
 * - the checklist's search box rises to the top of the screen when the keyboard opens;
 * - campaigns are offered on their own day only, never chosen for the agent;
 * - money inputs show 1.500.000 (premiums.js formats and reads them);
 * - a sign-up needs a receipt number or an explicit "chưa có biên lai";
 * - sign-ups recompute amounts with premiums.js, and household BHYT works out ladder positions
 *   from who is ticked, after those in the household who already joined this year;
 * - the person form and the BHXH sign-up check identifiers, birth and age with identifiers.js
 *   before anything reaches the outbox: an error keeps the form, a doubt asks to confirm.
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
    campaignsOfToday(form);
  }

  /* The campaigns a cached page holds, shown only on their own day (the phone's today). */
  function campaignsOfToday(form) {
    const box = form.querySelector("[data-campaigns]");
    if (!box) return;
    const today = isoDay(new Date());
    let shown = box.querySelectorAll("label:not([data-day]) input:not([value=''])").length;
    box.querySelectorAll("[data-day]").forEach((label) => {
      const input = label.querySelector("input");
      label.hidden = label.dataset.day !== today;
      input.disabled = label.hidden;
      if (label.hidden && input.checked) {
        input.checked = false;
        box.querySelector("input[value='']").checked = true;
      }
      if (!label.hidden) shown += 1;
    });
    box.hidden = shown === 0;
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
    input.value = amount === null ? "" : window.Premiums.formatNumber(amount);
  }

  /* Money inputs show 1.500.000 as /quote does; the numeric keypad stays (inputmode). */
  function moneyInputs(form) {
    if (!window.Premiums) return;
    form.querySelectorAll('input[data-type="money"]').forEach((input) => {
      input.addEventListener("change", () => {
        const amount = window.Premiums.parseAmount(input.value);
        if (amount !== null) input.value = window.Premiums.formatNumber(amount);
      });
    });
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
    const number = (name) => window.Premiums.parseAmount(
      form.querySelector('[name="' + name + '"]').value);
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

  /* A note beside a field, made once: an error (described by aria) or a doubt. */
  function note(form, name, kind, text) {
    const input = form.querySelector('[name="' + name + '"]');
    if (!input) return;
    const id = "check-" + kind + "-" + name;
    let node = document.getElementById(id);
    if (!node) {
      node = document.createElement("p");
      node.id = id;
      node.className = kind;
      node.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", node);
    }
    node.textContent = text || "";
    node.hidden = !text;
    if (kind !== "error") return;
    const server = document.getElementById("err-" + name);
    if (server) server.hidden = true;
    if (text) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", id);
    } else {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  }

  /* The box a doubt needs ticked before saving; its checkbox has no name, so it is not data. */
  function confirmBox(form, show) {
    let box = form.querySelector("[data-check-confirm]");
    if (!box && show) {
      const texts = window.Identifiers.rules().texts;
      box = document.createElement("div");
      box.className = "card warn-box";
      box.dataset.checkConfirm = "";
      const intro = document.createElement("p");
      intro.textContent = texts.check;
      const label = document.createElement("label");
      label.className = "check";
      const tick = document.createElement("input");
      tick.type = "checkbox";
      label.append(tick, " " + texts.confirm);
      box.append(intro, label);
      form.querySelector('[type="submit"]').insertAdjacentElement("beforebegin", box);
    }
    if (box) box.hidden = !show;
    return !box || box.querySelector("input").checked;
  }

  /* Run ``check`` (-> {errors, warnings} by field name) on change, and before the outbox sees
     the submit: errors stop it; doubts stop it until the agent ticks the confirm box. */
  function guard(form, names, check) {
    let shown = [];
    const show = () => {
      const found = check();
      shown.forEach((key) => note(form, key.split(":")[1], key.split(":")[0], ""));
      shown = [];
      ["error", "warning"].forEach((kind) => {
        const byName = kind === "error" ? found.errors : found.warnings;
        Object.keys(byName).forEach((name) => {
          note(form, name, kind, byName[name]);
          shown.push(kind + ":" + name);
        });
      });
      return found;
    };
    names.forEach((name) => form.querySelectorAll('[name="' + name + '"]').forEach((input) =>
      input.addEventListener("change", show)));
    form.addEventListener("submit", (event) => {
      const found = show();
      const wrong = Object.keys(found.errors);
      const doubts = Object.keys(found.warnings).length > 0;
      const confirmed = confirmBox(form, doubts);
      if (!wrong.length && (!doubts || confirmed)) return;
      event.preventDefault();
      event.stopPropagation();
      const first = form.querySelector('[name="' + (wrong[0] || Object.keys(found.warnings)[0]) +
        '"]');
      if (first) first.focus();
    });
  }

  function personForm(form) {
    const value = (name) => {
      const input = form.querySelector('[name="' + name + '"]:not([type="radio"]), ' +
        '[name="' + name + '"]:checked');
      return input ? input.value.trim() : "";
    };
    guard(form, ["birth_date", "birth_year", "cccd", "gender"], () => {
      const today = isoDay(new Date());
      const found = { errors: {}, warnings: {} };
      const born = value("birth_date");
      const year = born ? Number(born.slice(0, 4)) : (value("birth_year") ?
        Number(value("birth_year")) : null);
      const birth = window.Identifiers.checkBirth(born || null, born ? null : year, today);
      if (birth) found.errors[born ? "birth_date" : "birth_year"] = birth.message;
      const cccd = window.Identifiers.cleanCccd(value("cccd"));
      if (cccd) {
        const result = window.Identifiers.checkCccd(cccd, today, born || !birth ? year : null,
          value("gender") || null);
        if (result.error) found.errors.cccd = result.error.message;
        if (result.warnings.length) {
          found.warnings.cccd = result.warnings.map((w) => w.message).join("; ");
        }
      }
      return found;
    });
  }

  /* BHXH tự nguyện from the age of 15 on the start month (else the receipt's, else today's). */
  function bhxhAge(form) {
    const born = form.querySelector("[data-birth-date]");
    const year = form.querySelector("[data-birth-year]");
    if (!born || !year) return;
    guard(form, ["start_month", "receipt_date"], () => {
      const start = form.querySelector('[name="start_month"]').value ||
        quoteOn(form).slice(0, 7);
      const result = window.Identifiers.checkBhxhAge(born.value || null,
        year.value ? Number(year.value) : null, start + "-01");
      const found = { errors: {}, warnings: {} };
      if (result.error) found.errors.start_month = result.error.message;
      if (result.warnings.length) found.warnings.start_month = result.warnings[0].message;
      return found;
    });
  }

  /* A sign-up names its receipt, or the agent ticks "chưa có biên lai". */
  function receiptGuard(form) {
    const number = form.querySelector('[name="receipt_no"]');
    const none = form.querySelector('[name="no_receipt"]');
    if (!number || !none) return;
    guard(form, ["receipt_no", "no_receipt"], () => {
      const found = { errors: {}, warnings: {} };
      if (!number.value.trim() && !none.checked) found.errors.receipt_no = number.dataset.missing;
      return found;
    });
  }

  /* Searching the checklist: the search box goes to the top of the screen, so the results
     show above the keyboard, not under it (#checklist is at least a screen tall). */
  const search = document.querySelector("form.finder input[type=search]");
  if (search) {
    search.addEventListener("focus", () => {
      window.scrollTo(0, window.scrollY + search.getBoundingClientRect().top - 8);
    });
  }

  document.querySelectorAll("form[data-record-kind]").forEach((form) => {
    if (form.dataset.recordKind === "enrolment") receiptGuard(form);
    moneyInputs(form);
    if (window.Identifiers && form.dataset.recordKind === "resident") personForm(form);
    if (window.Identifiers && form.dataset.quote === "bhxh_tn") bhxhAge(form);
    if (form.matches("[data-autosubmit]")) visitForm(form);
    if (!form.dataset.quote) return;
    if (form.querySelector("fieldset[data-record]")) bhytForm(form);
    else singleForm(form);
  });
})();
