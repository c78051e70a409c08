/*
 * Premiums: the BHXH tự nguyện and BHYT hộ gia đình quote, in the browser, offline.
 *
 * The same rules as agent_app/domain/premiums.py (read its docstring and docs/premiums.md), fed by the
 * parameter rows the server renders into the page:
 *   <script type="application/json" id="premium-params">{parameters, supports, constants,
 *                                                       messages, labels}</script>
 * tests/vectors/premiums.json holds Python and this file to the same đồng.
 *
 * Exact arithmetic: money in đồng and rates in ppm become BigInt fractions; each sum is rounded
 * half up to a whole đồng once, at its end; payable = gross − the rounded supports.
 *
 * API (self.Premiums):
 *   Premiums.fromPage(doc?)                  -> rules from #premium-params (cached per document)
 *   Premiums.rules(data)                     -> rules from the same JSON object
 *   Premiums.quoteBhxh({on, income, months, group, province, supportedMonthsLeft}, rules?)
 *   Premiums.quoteBhyt({on, position, months, group, province}, rules?)
 *   Premiums.quoteBhytCn({on, months, province}, rules?)   (BHYT of a near-poor household member)
 *       -> {scheme, on, months, group, province, income|position, gross, state_support,
 *           local_support, other_support, payable, per_month, alternative_payable, rates,
 *           parameters}
 *       throws Premiums.QuoteError {field, code, message} on bad input or a missing parameter
 *   Premiums.parseIncome("1.500.000 đ")    -> 1500000 (throws QuoteError)
 *   Premiums.formatMoney(1500000)          -> "1.500.000 đ"
 *   Premiums.formatNumber(1500000)         -> "1.500.000" (what a money input shows)
 *   Premiums.parseAmount("1.500.000")      -> 1500000 (null when it is not an amount)
 *   Premiums.formatPercent(3630)           -> "0,363%" (a ppm rate)
 *   Premiums.showPrepay(note, quote)       fills templates/quotes/_prepay_note.html
 */
(function () {
  "use strict";

  const MILLION = 1000000n;

  function frac(n, d) { return { n: BigInt(n), d: d === undefined ? 1n : BigInt(d) }; }
  function mul(a, b) { return { n: a.n * b.n, d: a.d * b.d }; }
  function add(a, b) { return { n: a.n * b.d + b.n * a.d, d: a.d * b.d }; }
  function sub(a, b) { return add(a, { n: -b.n, d: b.d }); }
  function ppm(value) { return frac(value, MILLION); }

  /* Half up to a whole đồng: floor((2n + d) / 2d), with a floor that is right for negatives. */
  function roundHalfUp(a) {
    const top = a.n * 2n + a.d, bottom = a.d * 2n;
    let q = top / bottom;
    if (top % bottom !== 0n && (top < 0n) !== (bottom < 0n)) q -= 1n;
    return Number(q);
  }

  /* Σ_{i=1..months} 1 / (1 + r)^(i−1), exactly. With a = A / M = 1 + r (M = one million), the
     geometric series (aⁿ − 1) / (aⁿ⁻¹ (a − 1)) is (Aⁿ − Mⁿ) / (Aⁿ⁻¹ (A − M)). */
  function discountSum(months, yieldPpm) {
    if (!yieldPpm) return frac(months);
    const a = MILLION + BigInt(yieldPpm), n = BigInt(months);
    return { n: a ** n - MILLION ** n, d: a ** (n - 1n) * (a - MILLION) };
  }

  function formatNumber(value) {
    const digits = String(Math.abs(Math.trunc(value)));
    return (value < 0 ? "-" : "") + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function formatMoney(amount) {
    if (amount === null || amount === undefined || amount === "") return "";
    return formatNumber(Number(amount)) + " đ";
  }

  function formatPercent(valuePpm) {
    const whole = Math.floor(valuePpm / 10000), rest = String(valuePpm % 10000).padStart(4, "0");
    const decimals = rest.replace(/0+$/, "");
    return String(whole) + (decimals ? "," + decimals : "") + "%";
  }

  function vnDate(iso) {
    const parts = iso.split("-");
    return parts[2] + "/" + parts[1] + "/" + parts[0];
  }

  class QuoteError extends Error {
    constructor(rules, field, code, params) {
      const template = rules.data.messages[code] || code;
      super(template.replace(/%\((\w+)\)s/g, function (_m, name) { return params[name]; }));
      this.name = "QuoteError";
      this.field = field;
      this.code = code;
    }
  }

  function inForce(row, on) {
    return row.valid_from <= on && (!row.valid_to || on <= row.valid_to);
  }

  function latest(candidates) {
    let best = null;
    for (const row of candidates) if (best === null || row.valid_from > best.valid_from) best = row;
    return best;
  }

  class Rules {
    constructor(data) {
      this.data = data;
      this.constants = data.constants;
    }

    fail(field, code, params) { throw new QuoteError(this, field, code, params || {}); }

    parameter(name, on, key) {
      key = key || "";
      const found = latest(this.data.parameters.filter(function (r) {
        return r.name === name && (r.key || "") === key && inForce(r, on);
      }));
      if (found === null) {
        this.fail("on", "no_parameter", {
          name: this.data.labels[name], key: key ? " (" + key + ")" : "", on: vnDate(on) });
      }
      return found;
    }

    support(kind, scheme, group, province, on) {
      if (!province) return null;
      return latest(this.data.supports.filter(function (r) {
        return r.kind === kind && r.scheme === scheme && r.group === group &&
          r.province === province && inForce(r, on);
      }));
    }
  }

  function isoDate(rules, on) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(on || "");
    if (match) {
      const d = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
      if (d.getUTCFullYear() === +match[1] && d.getUTCMonth() === +match[2] - 1 &&
          d.getUTCDate() === +match[3]) return on;
    }
    return rules.fail("on", "date_invalid");
  }

  function checkMonths(rules, months, allowed) {
    if (allowed.indexOf(months) < 0) {
      rules.fail("months", "months_not_allowed",
        { months: String(months), allowed: allowed.join(", ") });
    }
  }

  function checkGroup(rules, group) {
    if (rules.constants.groups.indexOf(group) < 0) rules.fail("support_group", "group_invalid");
  }

  function checkIncome(rules, income, floor, ceiling) {
    const step = rules.constants.income_step;
    if (income < floor) {
      rules.fail("income", "income_below_floor",
        { income: formatMoney(income), floor: formatMoney(floor) });
    }
    if (income > ceiling) {
      rules.fail("income", "income_above_ceiling",
        { income: formatMoney(income), ceiling: formatMoney(ceiling) });
    }
    const over = (income - floor) % step;
    if (over) {
      rules.fail("income", "income_off_step", {
        floor: formatMoney(floor), step: formatMoney(step), lower: formatMoney(income - over),
        upper: formatMoney(Math.min(income - over + step, ceiling)) });
    }
  }

  function supports(rules, used, scheme, group, province, on) {
    return ["local", "other"].map(function (kind) {
      const row = rules.support(kind, scheme, group, province, on);
      if (row) used.push(row);
      return row ? row.value : 0;
    });
  }

  /* Round each support once, then cap it so the supports never exceed the gross. */
  function settle(gross, amounts) {
    let left = gross;
    return amounts.map(function (amount) {
      const rounded = Math.min(roundHalfUp(amount), left);
      left -= rounded;
      return rounded;
    });
  }

  const PUBLIC = ["id", "name", "key", "kind", "scheme", "group", "province", "value",
                  "valid_from", "valid_to", "source", "confirmed"];
  function publicRow(row) {
    const out = {};
    for (const k of PUBLIC) if (k in row) out[k] = row[k];
    return out;
  }

  function quoteBhxh(args, rules) {
    rules = rules || fromPage();
    const c = rules.constants;
    const on = isoDate(rules, args.on);
    const months = args.months, group = args.group || "other", income = args.income;
    const province = args.province || null;
    checkMonths(rules, months, c.bhxh_months);
    checkGroup(rules, group);
    const floorRow = rules.parameter("rural_poverty_line", on);
    const baseRow = rules.parameter("base_salary", on);
    const rateRow = rules.parameter("bhxh_rate", on);
    const stateRow = rules.parameter("bhxh_state_support", on, group);
    const used = [floorRow, baseRow, rateRow, stateRow];
    const floor = floorRow.value;
    checkIncome(rules, income, floor, c.ceiling_multiple * baseRow.value);
    const rate = ppm(rateRow.value);
    const contribution = mul(frac(income), rate);
    const supportBase = mul(frac(floor), rate);
    const [localPpm, otherPpm] = supports(rules, used, "bhxh_tn", group, province, on);
    const left = args.supportedMonthsLeft;
    const supported = Math.min(months, c.state_support_max_months,
      left === null || left === undefined ? months : Math.max(left, 0));
    let allMonths, stateMonths;
    if (c.bhxh_prepay_months.indexOf(months) >= 0) {
      const yieldRow = rules.parameter("fund_yield", on);
      used.push(yieldRow);
      allMonths = discountSum(months, yieldRow.value);
      stateMonths = discountSum(supported, yieldRow.value);
    } else {
      allMonths = frac(months);
      stateMonths = frac(supported);
    }
    const gross = roundHalfUp(mul(contribution, allMonths));
    const [state, local, other] = settle(gross, [
      mul(mul(supportBase, ppm(stateRow.value)), stateMonths),
      mul(mul(supportBase, ppm(localPpm)), allMonths),
      mul(mul(supportBase, ppm(otherPpm)), allMonths)]);
    let alternative = null;
    if (c.bhxh_prepay_months.indexOf(months) >= 0) {
      alternative = gross - settle(gross, [
        mul(mul(supportBase, ppm(stateRow.value)), frac(supported)),
        mul(mul(supportBase, ppm(localPpm)), frac(months)),
        mul(mul(supportBase, ppm(otherPpm)), frac(months))]).reduce(function (a, b) {
        return a + b;
      }, 0);
    }
    const shares = (supported ? stateRow.value : 0) + localPpm + otherPpm;
    const firstMonth = sub(contribution, mul(supportBase, ppm(shares)));
    return {
      scheme: "bhxh_tn", on: on, months: months, group: group, province: province,
      gross: gross, state_support: state, local_support: local, other_support: other,
      payable: gross - state - local - other, per_month: Math.max(roundHalfUp(firstMonth), 0),
      alternative_payable: alternative, income: income, position: null,
      rates: { contribution: rateRow.value, state_support: stateRow.value,
               local_support: localPpm, other_support: otherPpm,
               state_support_months: supported },
      parameters: used.map(publicRow),
    };
  }

  /* Why a person cannot join BHYT hộ gia đình (a message code), or null: see
     premiums.household_bhyt_refusal. */
  function householdBhytRefusal(group, on, birthDate, birthYear) {
    if (group === "poor") return "poor_state_funded";
    if (group === "near_poor") return "near_poor_own_group";
    if (birthDate) {
      const sixth = String(Number(birthDate.slice(0, 4)) + 6) + birthDate.slice(4);
      const birthday = sixth.slice(5) === "02-29" ? sixth.slice(0, 5) + "03-01" : sixth;
      if (on < birthday) return "under_six";
    } else if (birthYear && Number(on.slice(0, 4)) - birthYear < 6) {
      return "under_six";
    }
    return null;
  }

  function quoteBhyt(args, rules) {
    rules = rules || fromPage();
    const c = rules.constants;
    const on = isoDate(rules, args.on);
    const months = args.months, group = args.group || "other", position = args.position;
    checkMonths(rules, months, c.bhyt_months);
    checkGroup(rules, group);
    if (c.not_household_groups.indexOf(group) >= 0) {
      rules.fail("support_group", householdBhytRefusal(group, on));
    }
    if (!Number.isInteger(position) || position < 1) rules.fail("position", "position_invalid");
    const baseRow = rules.parameter("base_salary", on);
    const rateRow = rules.parameter("bhyt_rate", on);
    const ladderRow = rules.parameter("bhyt_ladder", on, String(Math.min(position, c.ladder_last)));
    const monthly = mul(mul(frac(baseRow.value), ppm(rateRow.value)), ppm(ladderRow.value));
    return bhytQuote(rules, "bhyt_hgd", on, months, args.province || null, group, monthly,
      [baseRow, rateRow, ladderRow], frac(0), position, { ladder: ladderRow.value });
  }

  function quoteBhytCn(args, rules) {
    rules = rules || fromPage();
    const c = rules.constants;
    const on = isoDate(rules, args.on);
    checkMonths(rules, args.months, c.bhyt_months);
    const baseRow = rules.parameter("base_salary", on);
    const rateRow = rules.parameter("bhyt_rate", on);
    const stateRow = rules.parameter("bhyt_state_support", on, c.bhyt_cn_group);
    const monthly = mul(frac(baseRow.value), ppm(rateRow.value));
    return bhytQuote(rules, "bhyt_cn", on, args.months, args.province || null, c.bhyt_cn_group,
      monthly, [baseRow, rateRow, stateRow], ppm(stateRow.value), null,
      { state_support: stateRow.value });
  }

  /* The BHYT sums once the monthly contribution is known (premiums._bhyt_quote). */
  function bhytQuote(rules, scheme, on, months, province, group, monthly, used, stateRate,
                     position, rates) {
    const [localPpm, otherPpm] = supports(rules, used, scheme, group, province, on);
    const gross = roundHalfUp(mul(monthly, frac(months)));
    const [state, local, other] = settle(gross, [mul(mul(monthly, stateRate), frac(months)),
      mul(mul(monthly, ppm(localPpm)), frac(months)),
      mul(mul(monthly, ppm(otherPpm)), frac(months))]);
    const firstMonth = mul(monthly, sub(sub(frac(1), stateRate), ppm(localPpm + otherPpm)));
    return {
      scheme: scheme, on: on, months: months, group: group, province: province,
      gross: gross, state_support: state, local_support: local, other_support: other,
      payable: gross - state - local - other, per_month: Math.max(roundHalfUp(firstMonth), 0),
      alternative_payable: null, income: null, position: position,
      rates: Object.assign({ contribution: used[1].value }, rates,
                           { local_support: localPpm, other_support: otherPpm }),
      parameters: used.map(publicRow),
    };
  }

  /* A typed amount, "1500000", "1.500.000" or "1.500.000 đ" -> 1500000; null when it is not
     one (agent_app/domain/premiums.py parse_income is the same rule). */
  function parseAmount(text) {
    const cleaned = String(text === undefined || text === null ? "" : text)
      .replace(/đ/g, "").replace(/\s/g, "");
    if (!/^(\d{1,3}(\.\d{3})+|\d+)$/.test(cleaned)) return null;
    return parseInt(cleaned.replace(/\./g, ""), 10);
  }

  function parseIncome(text, rules) {
    rules = rules || fromPage();
    const amount = parseAmount(text);
    if (amount === null) rules.fail("income", "income_invalid");
    return amount;
  }

  /* templates/quotes/_prepay_note.html in the page: shown for a 24–60-month quote with the r it
     used, whether that r is confirmed, and the amount under the other reading of support. */
  function showPrepay(note, quote) {
    if (!note) return;
    const row = quote && quote.parameters.find(function (r) { return r.name === "fund_yield"; });
    note.hidden = !row || quote.alternative_payable === null;
    if (note.hidden) return;
    note.querySelector("[data-quote-yield]").textContent = formatPercent(row.value);
    note.querySelector("[data-quote-yield-unconfirmed]").hidden = row.confirmed !== 0;
    note.querySelector('[data-quote-value="alternative_payable"]').textContent =
      formatMoney(quote.alternative_payable);
  }

  const cache = new WeakMap();
  function fromPage(doc) {
    doc = doc || document;
    if (!cache.has(doc)) {
      const node = doc.getElementById("premium-params");
      if (!node) throw new Error("premiums.js: no #premium-params on this page");
      cache.set(doc, new Rules(JSON.parse(node.textContent)));
    }
    return cache.get(doc);
  }

  self.Premiums = {
    rules: function (data) { return new Rules(data); },
    fromPage: fromPage,
    quoteBhxh: quoteBhxh,
    quoteBhyt: quoteBhyt,
    quoteBhytCn: quoteBhytCn,
    householdBhytRefusal: householdBhytRefusal,
    parseIncome: parseIncome,
    parseAmount: parseAmount,
    formatNumber: formatNumber,
    formatMoney: formatMoney,
    formatPercent: formatPercent,
    showPrepay: showPrepay,
    QuoteError: QuoteError,
  };
})();
