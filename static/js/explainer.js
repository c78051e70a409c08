/*
 * Explainer: what BHXH tự nguyện gives back, for an age, gender and income, in the browser and
 * offline. The same rules as agent_app/domain/benefits.py (read its docstring), from the rows the server
 * renders into the page:
 *   <script type="application/json" id="benefit-rules">{rules, scenarios, age_low, age_high,
 *                                                      support_months, labels, messages}</script>
 * and the quote rows of premiums.js (load it first). tests/vectors/explainer.json holds Python and
 * this file to the same figures.
 *
 * API (window.Explainer):
 *   Explainer.explain({on, age, gender, income, group, started_before}, benefitData?, rules?)
 *       -> the same object as benefits.explain; throws Premiums.QuoteError (quote rules, missing
 *          rows) or Explainer.ExplainError {field, code, message}
 *   Explainer.fromPage(doc?) -> the #benefit-rules data
 *   Explainer.show(form)     -> recompute the screen from the form (templates/explainer/)
 */
(function () {
  "use strict";

  const MILLION = 1000000;
  const FIRST_RULE_YEAR = 2000;

  class ExplainError extends Error {
    constructor(data, field, code, params) {
      const template = data.messages[code] || code;
      super(template.replace(/%\((\w+)\)s/g, function (_m, name) { return params[name]; }));
      this.name = "ExplainError";
      this.field = field;
      this.code = code;
    }
  }

  function vnDate(iso) { return iso.slice(8, 10) + "/" + iso.slice(5, 7) + "/" + iso.slice(0, 4); }

  /* The row in force (the one that started last), noted in ctx.used; a missing row is the quote
     rules' own "no parameter" error, with this rule's label. */
  function lookup(ctx, name, on, key) {
    key = key || "";
    let found = null;
    ctx.data.rules.forEach(function (row) {
      if (row.name === name && row.key === key && row.valid_from <= on &&
          (!row.valid_to || on <= row.valid_to) &&
          (found === null || row.valid_from > found.valid_from)) found = row;
    });
    if (found === null) {
      throw new window.Premiums.QuoteError(ctx.rules, "on", "no_parameter", {
        name: ctx.data.labels[name], key: key ? " (" + key + ")" : "", on: vnDate(on) });
    }
    if (ctx.used.indexOf(found) < 0) ctx.used.push(found);
    return found.value;
  }

  function pensionRate(ctx, gender, years, on) {
    if (years < lookup(ctx, "pension_min_years", on)) return 0;
    const baseYears = lookup(ctx, "pension_base_years", on, gender);
    let rate;
    if (years < baseYears) {
      rate = lookup(ctx, "pension_short_rate", on, gender) +
        lookup(ctx, "pension_short_step_rate", on, gender) * (years - 15);
    } else {
      rate = lookup(ctx, "pension_base_rate", on, gender) +
        lookup(ctx, "pension_step_rate", on, gender) * (years - baseYears);
    }
    return Math.min(rate, lookup(ctx, "pension_cap_rate", on));
  }

  function monthIndex(on) { return Number(on.slice(0, 4)) * 12 + Number(on.slice(5, 7)) - 1; }

  function retirement(ctx, gender, age, on) {
    const now = monthIndex(on);
    const born = now - age * 12;
    for (let year = Math.max(Math.floor(born / 12), FIRST_RULE_YEAR); ; year++) {
      let months = lookup(ctx, "retirement_age", year + "-06-30", gender);
      let reached = born + months;
      if (Math.floor(reached / 12) <= year) {
        const past = reached < now;
        if (past) { reached = now; months = now - born; }
        return { years: Math.floor(months / 12), months: months % 12, past: past,
                 month: String(Math.floor(reached / 12)).padStart(4, "0") + "-" +
                   String(reached % 12 + 1).padStart(2, "0") };
      }
    }
  }

  /* Half up to a whole đồng, for a product of integers divided by a million. */
  function perMillion(value, rate) {
    const top = BigInt(value) * BigInt(rate);
    return Number((top * 2n + BigInt(MILLION)) / (2n * BigInt(MILLION)));
  }

  function explain(args, data, rules) {
    data = data || fromPage();
    rules = rules || window.Premiums.fromPage();
    const age = args.age, gender = args.gender, income = args.income;
    const group = args.group || "other", on = args.on;
    if (!Number.isInteger(age) || age < data.age_low || age > data.age_high) {
      throw new ExplainError(data, "age", "age_invalid",
        { low: String(data.age_low), high: String(data.age_high) });
    }
    if (gender !== "male" && gender !== "female") {
      throw new ExplainError(data, "gender", "gender_invalid", {});
    }
    const ctx = { data: data, rules: rules, used: [] };
    const quote = window.Premiums.quoteBhxh({ on: on, income: income, months: 1, group: group },
                                           rules);
    const gross = quote.gross, state = quote.state_support;
    const retire = retirement(ctx, gender, age, on);
    const retireAge = retire.years * 12 + retire.months;
    const minimum = lookup(ctx, "pension_min_years", on);
    const keepPaying = lookup(ctx, "keep_paying_to_min_years", on);
    const scenarios = data.scenarios.map(function (years) {
      const rate = pensionRate(ctx, gender, years, on);
      const months = years * 12;
      const paid = gross * months - state * Math.min(months, data.support_months);
      const pension = perMillion(income, rate);
      const start = Math.max(retireAge, age * 12 + months);
      return { years: years, rate: rate, pension: pension,
               reachable: age * 12 + months <= retireAge || (years === minimum && keepPaying === 1),
               start_years: Math.floor(start / 12), start_months: start % 12, paid: paid,
               payback_months: pension ? Math.ceil(paid / pension) : null };
    });
    const poor = group === "poor" || group === "near_poor";
    const withdrawal = args.started_before
      ? { rule: "started_before", years: lookup(ctx, "withdrawal_years", on),
          months: lookup(ctx, "withdrawal_wait_months", on) }
      : { rule: "started_after" };
    const found = {
      on: on, age: age, gender: gender, income: income, group: group,
      per_month: quote.payable, gross_per_month: gross, state_per_month: state,
      retirement: retire, years_before_retirement: Math.floor(Math.max(retireAge - age * 12, 0) / 12),
      scenarios: scenarios,
      maternity: { amount: lookup(ctx, "maternity_allowance", on),
                   months: lookup(ctx, "maternity_months", on) },
      social_pension: { age: lookup(ctx, "social_pension_age", on, poor ? "poor" : ""),
                        amount: lookup(ctx, "social_pension_amount", on) },
      withdrawal: withdrawal,
    };
    found.unconfirmed = Array.from(new Set(ctx.used.filter(function (r) { return !r.confirmed; })
      .map(function (r) { return r.name; }))).sort();
    return found;
  }

  let cached = null;
  function fromPage(doc) {
    if (!cached || doc) {
      const node = (doc || document).getElementById("benefit-rules");
      if (!node) throw new Error("explainer.js: no #benefit-rules on this page");
      cached = JSON.parse(node.textContent);
    }
    return cached;
  }

  /* The screen: every [data-x] slot filled from the figures; hidden parts per case. */
  function show(form) {
    const screen = document.getElementById("explained");
    const error = document.querySelector("[data-explain-error]");
    if (!screen) return;
    const number = function (name) {
      return Number(String(form.elements[name].value).replace(/\D/g, "")) || 0;
    };
    let found;
    try {
      found = explain({ on: form.elements.on.value, age: number("age"),
        gender: (form.querySelector("[name=gender]:checked") || {}).value || "",
        income: number("income"), group: form.elements.group.value,
        started_before: form.elements.started_before.checked });
    } catch (problem) {
      if (!(problem instanceof ExplainError || problem instanceof window.Premiums.QuoteError)) {
        throw problem;
      }
      error.textContent = problem.message;
      error.hidden = false;
      screen.hidden = true;
      return;
    }
    error.hidden = true;
    screen.hidden = false;
    const money = window.Premiums.formatMoney;
    const set = function (name, text) {
      screen.querySelectorAll('[data-x="' + name + '"]').forEach(function (el) {
        el.textContent = text;
      });
    };
    set("per_month", money(found.per_month));
    set("state_per_month", money(found.state_per_month));
    set("retire_years", String(found.retirement.years));
    set("retire_months", String(found.retirement.months));
    set("retire_month", found.retirement.month.slice(5) + "/" + found.retirement.month.slice(0, 4));
    set("years_before", String(found.years_before_retirement));
    screen.querySelector("[data-retire-months]").hidden = found.retirement.months === 0;
    screen.querySelector("[data-retire-past]").hidden = !found.retirement.past;
    screen.querySelector("[data-retire-future]").hidden = found.retirement.past;
    found.scenarios.forEach(function (s) {
      const box = screen.querySelector('[data-scenario="' + s.years + '"]');
      box.classList.toggle("unreachable", !s.reachable);
      box.querySelector('[data-s="pension"]').textContent = money(s.pension);
      box.querySelector('[data-s="rate"]').textContent = window.Premiums.formatPercent(s.rate);
      box.querySelector('[data-s="start"]').textContent = String(s.start_years);
      box.querySelector('[data-s="paid"]').textContent = money(s.paid);
      box.querySelector('[data-s="payback"]').textContent =
        String(Math.floor((s.payback_months + 6) / 12));       // to the nearest year
      box.querySelector("[data-unreachable]").hidden = s.reachable;
    });
    set("maternity", money(found.maternity.amount));
    set("maternity_months", String(found.maternity.months));
    set("social_age", String(found.social_pension.age));
    set("social_amount", money(found.social_pension.amount));
    screen.querySelectorAll("[data-withdrawal]").forEach(function (el) {
      el.hidden = el.dataset.withdrawal !== found.withdrawal.rule;
    });
    if (found.withdrawal.years) set("withdrawal_years", String(found.withdrawal.years));
    if (found.withdrawal.months) set("withdrawal_months", String(found.withdrawal.months));
    screen.querySelectorAll("[data-unconfirmed]").forEach(function (mark) {
      mark.hidden = found.unconfirmed.indexOf(mark.dataset.unconfirmed) < 0;
    });
  }

  function localDay() {
    const d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" +
      String(d.getDate()).padStart(2, "0");
  }

  window.Explainer = { explain: explain, fromPage: fromPage, show: show,
                       ExplainError: ExplainError };

  const form = document.getElementById("explain-form");
  if (form) {
    document.documentElement.classList.add("js");        // the screen follows every input
    form.elements.on.value = localDay();       // a page cached days ago explains for today
    form.addEventListener("input", function () { show(form); });
    form.addEventListener("change", function () { show(form); });
    show(form);
  }
})();
