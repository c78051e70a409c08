/*
 * Retention: paid-until, BHYT card expiry, the due and lapsed lists and what renewing costs today,
 * on the phone, offline.
 *
 * The same rules as agent_app/domain/retention.py (read its docstring and docs/retention.md);
 * tests/vectors/retention.json holds Python and this file to the same dates and đồng. Amounts
 * come from premiums.js (load it first). Dates are ISO text ("2026-11-28"), months "2026-11".
 *
 * API (self.Retention):
 *   Retention.bhxhStanding(person, signups, today, days?)  -> {state, through, ends, source, last}
 *   Retention.bhytStanding(person, signups, today, days?)  -> {state, valid_from, expires, source,
 *                                                             last} (null: never in the scheme)
 *   Retention.dueLists(people, signupsById, today, rules?, days?, lapsedLimit?)
 *       -> {due: [...], lapsed: [...] (the most recent lapsedLimit), lapsed_people}
 *       people in household order (head first, birth year, name), as the server sends them
 *   Retention.dueMarks(people, signupsById, today, days?) -> {id: [{scheme, state, ends}]}
 *       the checklist's marks: the same people without prices
 *   Retention.cardValidFrom(paidIso, previousExpiryIso|null) -> ISO day
 *   Retention.reminderText(entry, fullName, agentName, agentPhone|null) -> the message to share
 *   Retention.DUE_DAYS
 */
(function () {
  "use strict";

  const DUE_DAYS = 30;
  const CARD_WAIT_DAYS = 30;
  const CARD_GAP_MONTHS = 3;
  const WINDOW_MONTHS = { 6: 4, 12: 7 };
  const BHYT_SCHEMES = ["bhyt_hgd", "bhyt_cn"];
  const STATE_FUNDED = ["poor_state_funded", "under_six"];
  const OFF_LIST = ["moved_away", "deceased", "insured_elsewhere", "duplicate"];

  function parts(iso) { return iso.split("-").map(Number); }
  function pad(n, width) { return String(n).padStart(width || 2, "0"); }
  function iso(year, month, day) { return pad(year, 4) + "-" + pad(month) + "-" + pad(day); }
  function daysIn(year, month) { return new Date(Date.UTC(year, month, 0)).getUTCDate(); }

  function addDays(day, days) {
    const [y, m, d] = parts(day);
    const moved = new Date(Date.UTC(y, m - 1, d + days));
    return iso(moved.getUTCFullYear(), moved.getUTCMonth() + 1, moved.getUTCDate());
  }

  /* The same day `months` later, or the month's last day where it has no such day. */
  function addMonths(day, months) {
    const [y, m, d] = parts(day);
    const index = m - 1 + months;
    const year = y + Math.floor(index / 12), month = ((index % 12) + 12) % 12 + 1;
    return iso(year, month, Math.min(d, daysIn(year, month)));
  }

  function monthShift(month, months) { return addMonths(month + "-01", months).slice(0, 7); }

  function monthEnd(month) {
    const [y, m] = parts(month);
    return iso(y, m, daysIn(y, m));
  }

  function paidOn(signup) { return signup.receipt_date || signup.enrolled_on; }

  function cardValidFrom(paid, previous) {
    if (!previous || paid >= addMonths(previous, CARD_GAP_MONTHS)) {
      return addDays(paid, CARD_WAIT_DAYS);
    }
    if (paid <= previous) return addDays(previous, 1);
    return paid;
  }

  function compare(a, b) { return a < b ? -1 : (a > b ? 1 : 0); }

  function ordered(signups, schemes) {
    return signups.filter(function (s) { return schemes.indexOf(s.scheme) >= 0; })
      .map(function (s, i) { return { s: s, i: i }; })
      .sort(function (a, b) {
        return compare(paidOn(a.s), paidOn(b.s)) ||
          compare(a.s.enrolled_at || "", b.s.enrolled_at || "") ||
          compare(a.s.record_id || "", b.s.record_id || "") || a.i - b.i;
      }).map(function (x) { return x.s; });
  }

  function bhxhPeriods(signups) {
    return ordered(signups, ["bhxh_tn"]).map(function (s) {
      const start = s.start_month || paidOn(s).slice(0, 7);
      return { record_id: s.record_id === undefined ? null : s.record_id,
               user_id: s.user_id === undefined ? null : s.user_id, paid_on: paidOn(s),
               start: start, through: monthShift(start, s.months - 1), months: s.months,
               income: s.income === undefined ? null : s.income };
    });
  }

  function bhytCards(listExpiry, signups) {
    let expiry = listExpiry || null;
    return ordered(signups, BHYT_SCHEMES).map(function (s) {
      const paid = paidOn(s);
      const start = cardValidFrom(paid, expiry);
      const end = addDays(addMonths(start, s.months), -1);
      const card = { record_id: s.record_id === undefined ? null : s.record_id,
                     user_id: s.user_id === undefined ? null : s.user_id, paid_on: paid,
                     scheme: s.scheme, months: s.months, previous: expiry, valid_from: start,
                     expires: end };
      expiry = end;
      return card;
    });
  }

  function state(ends, today, days) {
    if (ends < today) return "lapsed";
    return ends <= addDays(today, days) ? "due" : "active";
  }

  function known(signups, today) {
    return signups.filter(function (s) { return s.enrolled_on <= today; });
  }

  function bhxhStanding(person, signups, today, days) {
    days = days === undefined ? DUE_DAYS : days;
    const periods = bhxhPeriods(known(signups, today));
    if (periods.length) {
      const through = periods.map(function (p) { return p.through; }).sort().pop();
      const ends = monthEnd(through);
      return { state: state(ends, today, days), through: through, ends: ends,
               source: "signups", last: periods[periods.length - 1] };
    }
    const status = person.bhxh_status || "none";
    if (status === "none") return null;
    return { state: status === "active" ? "active" : "lapsed", through: null, ends: null,
             source: "list", last: null };
  }

  function bhytStanding(person, signups, today, days) {
    days = days === undefined ? DUE_DAYS : days;
    const cards = bhytCards(person.bhyt_expiry, known(signups, today));
    if (cards.length) {
      const card = cards[cards.length - 1];
      const now = card.valid_from > today && card.expires >= today ? "waiting"
        : state(card.expires, today, days);
      return { state: now, valid_from: card.valid_from, expires: card.expires,
               source: "signups", last: card };
    }
    if (person.bhyt_expiry) {
      return { state: state(person.bhyt_expiry, today, days), valid_from: null,
               expires: person.bhyt_expiry, source: "list", last: null };
    }
    const status = person.bhyt_status || "none";
    if (status === "none") return null;
    return { state: status === "valid" ? "active" : "lapsed", valid_from: null, expires: null,
             source: "list", last: null };
  }

  function windowEnd(first, months) {
    if (!(months in WINDOW_MONTHS)) return null;
    return monthEnd(monthShift(first, WINDOW_MONTHS[months] - 1));
  }

  function windows(standing, today) {
    if (!standing.through) return [];
    const first = monthShift(standing.through, 1);
    return Object.keys(WINDOW_MONTHS).map(Number).sort(function (a, b) { return a - b; })
      .map(function (m) { return { months: m, until: windowEnd(first, m) }; })
      .filter(function (w) { return w.until >= today; });
  }

  function income(last, rules, on) {
    const floor = rules.parameter("rural_poverty_line", on).value;
    const step = rules.constants.income_step;
    const value = (last && last.income) || floor;
    if (value <= floor) return floor;
    const over = (value - floor) % step;
    return value + (over ? step - over : 0);
  }

  function quoteError(error) {
    if (error instanceof self.Premiums.QuoteError) return error.code;
    throw error;
  }

  /* A quote's payable amount, once per distinct question within one list. */
  function payable(memo, name, args, rules) {
    const key = name + JSON.stringify(args);
    if (!memo.has(key)) {
      try {
        memo.set(key, self.Premiums[name](args, rules).payable);
      } catch (error) {
        memo.set(key, { error: quoteError(error) });
      }
    }
    const found = memo.get(key);
    if (typeof found === "number") return found;
    throw found;
  }

  function bhxhRenewal(person, standing, today, rules, memo) {
    const last = standing.last;
    const months = last ? last.months : 12;
    const group = person.support_group || "other";
    const found = { scheme: "bhxh_tn", months: months, group: group, income: null,
                    start_month: today.slice(0, 7), amount: null, error: null,
                    windows: windows(standing, today), deadline: null };
    if (standing.through) {
      const first = monthShift(standing.through, 1);
      const until = windowEnd(first, months);
      if (standing.ends >= today) found.deadline = standing.ends;
      else if (until && until >= today) found.deadline = until;
      if (found.deadline || first > today.slice(0, 7)) found.start_month = first;
    }
    try {
      found.income = income(last, rules, today);
      found.amount = payable(memo, "quoteBhxh", { on: today, income: found.income,
        months: months, group: group, province: person.province || null }, rules);
    } catch (error) {
      found.error = error.error || quoteError(error);
    }
    return found;
  }

  function bhytRenewal(person, standing, today, rules, position, memo) {
    const last = standing.last;
    const months = last && [3, 6, 12].indexOf(last.months) >= 0 ? last.months : 12;
    const group = person.support_group || "other";
    const refusal = self.Premiums.householdBhytRefusal(group, today, person.birth_date || null,
                                                         person.birth_year || null);
    const expires = standing.expires;
    const found = { scheme: refusal === "near_poor_own_group" ? "bhyt_cn" : "bhyt_hgd",
                    months: months, group: group, position: null, amount: null,
                    error: STATE_FUNDED.indexOf(refusal) >= 0 ? refusal : null, deadline: null,
                    card_from: cardValidFrom(today, expires), quick_until: null };
    if (expires && expires >= today) {
      found.deadline = expires;
    } else if (expires) {
      const quick = addDays(addMonths(expires, CARD_GAP_MONTHS), -1);
      found.quick_until = quick >= today ? quick : null;
    }
    if (found.error) return found;
    try {
      if (found.scheme === "bhyt_cn") {
        found.amount = payable(memo, "quoteBhytCn", { on: today, months: months,
          province: person.province || null }, rules);
      } else {
        found.position = position;
        found.amount = payable(memo, "quoteBhyt", { on: today, position: position,
          months: months, group: group, province: person.province || null }, rules);
      }
    } catch (error) {
      found.error = error.error || quoteError(error);
    }
    return found;
  }

  function joinedThisYear(signups, year) {
    return signups.some(function (s) {
      return s.scheme === "bhyt_hgd" && s.enrolled_on.slice(0, 4) === String(year);
    });
  }

  function ladder(members, renewing, joined) {
    let place = members.filter(function (m) { return joined.has(m) && !renewing.has(m); }).length;
    const positions = {};
    members.forEach(function (m) {
      if (renewing.has(m)) positions[m] = ++place;
    });
    return positions;
  }

  /* Each member renewing household BHYT gets a ladder place (retention._places). */
  function places(people, signups, renewing, today) {
    const year = Number(today.slice(0, 4));
    const households = new Map();
    people.forEach(function (p) {
      if (!p.household_id) return;
      if (!households.has(p.household_id)) households.set(p.household_id, []);
      households.get(p.household_id).push(p);
    });
    const found = {};
    households.forEach(function (members) {
      const ids = members.map(function (m) { return m.id; });
      if (!ids.some(function (id) { return renewing.has(id); })) return;
      const joined = new Set(ids.filter(function (id) {
        return joinedThisYear(signups[id] || [], year);
      }));
      Object.assign(found, ladder(ids, renewing, joined));
    });
    return found;
  }

  /* Each due or lapsed scheme of each person on the list (retention._due_schemes). */
  function dueSchemes(people, signups, today, days) {
    const found = [];
    people.forEach(function (person, order) {
      if (OFF_LIST.indexOf(person.list_status) >= 0) return;
      const own = signups[person.id] || [];
      const bhxh = bhxhStanding(person, own, today, days);
      if (bhxh && (bhxh.state === "due" || bhxh.state === "lapsed")) {
        found.push({ order: order, person: person, standing: bhxh, scheme: "bhxh" });
      }
      const bhyt = bhytStanding(person, own, today, days);
      if (bhyt && (bhyt.state === "due" || bhyt.state === "lapsed")) {
        const refusal = self.Premiums.householdBhytRefusal(person.support_group || "other",
          today, person.birth_date || null, person.birth_year || null);
        if (STATE_FUNDED.indexOf(refusal) < 0) {
          found.push({ order: order, person: person, standing: bhyt, scheme: "bhyt",
                       refusal: refusal });
        }
      }
    });
    return found;
  }

  function dueMarks(people, signups, today, days) {
    days = days === undefined ? DUE_DAYS : days;
    const marks = {};
    dueSchemes(people, signups, today, days).forEach(function (e) {
      (marks[e.person.id] = marks[e.person.id] || []).push({ scheme: e.scheme,
        state: e.standing.state, ends: e.scheme === "bhxh" ? e.standing.ends : e.standing.expires });
    });
    return marks;
  }

  function endsOf(e) { return e.scheme === "bhxh" ? e.standing.ends : e.standing.expires; }

  function priced(e, today, rules, positions, memo) {
    let renewal;
    if (e.scheme === "bhxh") {
      renewal = bhxhRenewal(e.person, e.standing, today, rules, memo);
      renewal.through = e.standing.through;
    } else {
      renewal = bhytRenewal(e.person, e.standing, today, rules, positions[e.person.id] || 1,
                            memo);
    }
    return Object.assign({ resident_id: e.person.id,
      household_id: e.person.household_id || null, state: e.standing.state, ends: endsOf(e),
      source: e.standing.source, user_id: e.standing.last ? e.standing.last.user_id : null },
    renewal);
  }

  function dueLists(people, signups, today, rules, days, lapsedLimit) {
    rules = rules || self.Premiums.fromPage();
    days = days === undefined ? DUE_DAYS : days;
    const entries = dueSchemes(people, signups, today, days);
    const renewing = new Set(entries.filter(function (e) {
      return e.scheme === "bhyt" && e.refusal === null;
    }).map(function (e) { return e.person.id; }));
    const positions = places(people, signups, renewing, today);
    const due = entries.filter(function (e) { return e.standing.state === "due"; })
      .sort(function (a, b) { return compare(endsOf(a), endsOf(b)) || a.order - b.order; });
    const lapsed = entries.filter(function (e) { return e.standing.state === "lapsed"; })
      .sort(function (a, b) {
        const x = endsOf(a), y = endsOf(b);
        if ((x === null) !== (y === null)) return x === null ? 1 : -1;
        return compare(y || "", x || "") || a.order - b.order;
      });
    const memo = new Map();
    const price = function (e) { return priced(e, today, rules, positions, memo); };
    const shown = lapsedLimit === undefined || lapsedLimit === null ? lapsed
      : lapsed.slice(0, lapsedLimit);
    return { due: due.map(price), lapsed: shown.map(price),
             lapsed_people: new Set(lapsed.map(function (e) { return e.person.id; })).size };
  }

  function vnDate(day) { return day.slice(8, 10) + "/" + day.slice(5, 7) + "/" + day.slice(0, 4); }
  function vnMonth(month) { return month.slice(5, 7) + "/" + month.slice(0, 4); }

  /* The message an agent shares (retention.reminder_text): always Vietnamese. */
  function reminderText(entry, fullName, agentName, agentPhone) {
    const lines = ["Kính gửi " + fullName + ","];
    const ends = entry.ends;
    if (entry.scheme === "bhxh_tn") {
      lines.push(entry.through
        ? "BHXH tự nguyện của anh/chị đã đóng đến hết tháng " + vnMonth(entry.through) + "."
        : "BHXH tự nguyện của anh/chị đang tạm dừng đóng.");
    } else if (entry.state === "due") {
      lines.push("Thẻ BHYT của anh/chị hết hạn ngày " + vnDate(ends) + ".");
    } else {
      lines.push(ends ? "Thẻ BHYT của anh/chị đã hết hạn ngày " + vnDate(ends) + "."
        : "Thẻ BHYT của anh/chị đã hết hạn.");
    }
    if (entry.amount !== null) {
      const deadline = entry.deadline ? ", hạn đóng " + vnDate(entry.deadline) : "";
      lines.push("Đóng tiếp " + entry.months + " tháng: " +
        self.Premiums.formatMoney(entry.amount) + deadline + ".");
    }
    if (entry.quick_until) {
      lines.push("Đóng trước hết ngày " + vnDate(entry.quick_until) +
        " thì thẻ mới có giá trị ngay từ ngày đóng.");
    }
    const contact = agentPhone ? agentName + ", điện thoại " + agentPhone : agentName;
    lines.push("Liên hệ nhân viên thu " + contact + ".");
    return lines.join("\n");
  }

  self.Retention = {
    DUE_DAYS: DUE_DAYS,
    reminderText: reminderText,
    cardValidFrom: cardValidFrom,
    bhxhStanding: bhxhStanding,
    bhytStanding: bhytStanding,
    dueLists: dueLists,
    dueMarks: dueMarks,
  };
})();
