/*
 * Identifiers: the CCCD, birth and BHXH-age checks of agent_app/domain/identifiers.py, in the browser,
 * so a form made offline is checked before it reaches the outbox.
 *
 * The page renders what the rules need, in its own language:
 *   <script type="application/json" id="identifier-rules">{province_codes, messages, genders,
 *                                                         texts}</script>
 * tests/vectors/identifiers.json holds Python and this file to the same answers.
 *
 * API (window.Identifiers); dates are ISO text ("2026-11-28"), a problem is {code, message}:
 *   Identifiers.cleanCccd(" '096 190 001234") -> "096190001234"
 *   Identifiers.checkCccd(value, today, birthYear, gender) -> {error, warnings}
 *   Identifiers.checkBirth(born, year, today)              -> problem or null
 *   Identifiers.checkBhxhAge(born, year, start)            -> {error, warnings}
 *   Identifiers.rules()                                    -> the page's JSON
 */
(function () {
  "use strict";

  const LIVING_CENTURY_DIGITS = "0123";
  const EARLIEST_BIRTH_YEAR = 1900;
  const BHXH_MIN_AGE = 15;
  let cached = null;

  function rules() {
    if (!cached) {
      const node = document.getElementById("identifier-rules");
      cached = JSON.parse(node ? node.textContent : "{}");
    }
    return cached;
  }

  function problem(code, params) {
    const template = rules().messages[code];
    const text = template.replace(/%\((\w+)\)s/g, (_m, key) => String(params[key]));
    return { code: code, message: text };
  }

  function cleanCccd(text) {
    return String(text || "").replace(/[\s.\-']/g, "");
  }

  function parts(iso) {
    return iso.split("-").map(Number);
  }

  function later(a, b) {
    for (let i = 0; i < a.length; i += 1) {
      if (a[i] !== b[i]) return a[i] > b[i];
    }
    return false;
  }

  function checkCccd(value, today, birthYear, gender) {
    const thisYear = parts(today)[0];
    if (/^\d{11}$/.test(value)) return { error: problem("cccd_eleven", {}), warnings: [] };
    if (!/^\d{12}$/.test(value)) return { error: problem("cccd_length", {}), warnings: [] };
    if (!LIVING_CENTURY_DIGITS.includes(value[3])) {
      return { error: problem("cccd_century", {}), warnings: [] };
    }
    const code = Number(value[3]);
    const codedYear = 1900 + 100 * Math.floor(code / 2) + Number(value.slice(4, 6));
    const codedGender = code % 2 === 0 ? "male" : "female";
    if (codedYear > thisYear) {
      return { error: problem("cccd_future", { this_year: thisYear }), warnings: [] };
    }
    const warnings = [];
    if (!rules().province_codes.includes(value.slice(0, 3))) {
      warnings.push(problem("cccd_prefix", {}));
    }
    if (birthYear !== null && birthYear !== undefined && birthYear !== codedYear) {
      warnings.push(problem("cccd_year", { coded: codedYear, entered: birthYear }));
    }
    if ((gender === "male" || gender === "female") && gender !== codedGender) {
      warnings.push(problem("cccd_gender", { gender: rules().genders[codedGender] }));
    }
    return { error: null, warnings: warnings };
  }

  function checkBirth(born, year, today) {
    if (born) {
      if (born < EARLIEST_BIRTH_YEAR + "-01-01" || born > today) {
        return problem("birth_date_range", {});
      }
    } else if (year !== null && year !== undefined) {
      const thisYear = parts(today)[0];
      if (!(year >= EARLIEST_BIRTH_YEAR && year <= thisYear)) {
        return problem("birth_year_range", { this_year: thisYear });
      }
    }
    return null;
  }

  function checkBhxhAge(born, year, start) {
    const [startYear, startMonth] = parts(start);
    const month = { month: String(startMonth).padStart(2, "0") + "/" + startYear };
    if (born) {
      const [y, m, d] = parts(born);
      if (later([y + BHXH_MIN_AGE, m, d], [startYear, startMonth, 1])) {
        return { error: problem("bhxh_under_15", month), warnings: [] };
      }
      return { error: null, warnings: [] };
    }
    if (year === null || year === undefined) return { error: null, warnings: [] };
    if (year + BHXH_MIN_AGE > startYear) {
      return { error: problem("bhxh_under_15", month), warnings: [] };
    }
    if (year + BHXH_MIN_AGE === startYear) {
      return { error: null, warnings: [problem("bhxh_year_only_15", { year: startYear })] };
    }
    return { error: null, warnings: [] };
  }

  window.Identifiers = {
    rules: rules, cleanCccd: cleanCccd, checkCccd: checkCccd, checkBirth: checkBirth,
    checkBhxhAge: checkBhxhAge,
  };
})();
