/*
 * Live quotes: every [data-premium-quote] block (templates/quotes/_quote.html) recomputes in
 * the browser on each input, with premiums.js and the rows in #premium-params: no server round
 * trip, so it works offline. Without JavaScript the form's GET shows the server's quote instead.
 *
 * After each recompute the block fires "premium:quote" (bubbling) with
 * detail = {quote} or {error: {field, code, message}}: the sign-up form listens for it to fill
 * the amount. Premiums.bindQuote(block) binds a block added to the page later.
 */
(function () {
  "use strict";

  function field(block, name) { return block.querySelector("[name='" + name + "']"); }

  function value(block, name) {
    const checked = block.querySelector("[name='" + name + "']:checked");
    if (checked) return checked.value;
    const input = field(block, name);
    return input ? input.value.trim() : "";
  }

  function integer(text) { return /^\d+$/.test(text) ? parseInt(text, 10) : NaN; }

  function showScheme(block, scheme) {
    block.querySelectorAll("[data-for-scheme]").forEach(function (part) {
      part.hidden = part.getAttribute("data-for-scheme") !== scheme;
    });
    const months = field(block, "months");
    if (!months) return;
    let selectedAllowed = false;
    Array.prototype.forEach.call(months.options, function (option) {
      const allowed = option.getAttribute("data-schemes").split(" ").indexOf(scheme) >= 0;
      option.disabled = !allowed;
      option.hidden = !allowed;
      if (option.selected && allowed) selectedAllowed = true;
    });
    if (!selectedAllowed) months.value = "12";
  }

  function compute(block) {
    const scheme = value(block, "scheme");
    const args = {
      on: value(block, "on") || block.getAttribute("data-on"),
      months: integer(value(block, "months")),
      group: value(block, "support_group") || "other",
      province: value(block, "province") || null,
    };
    if (scheme === "bhyt_hgd") {
      args.position = integer(value(block, "position"));
      return Premiums.quoteBhyt(args);
    }
    if (scheme === "bhyt_cn") return Premiums.quoteBhytCn(args);
    args.income = Premiums.parseIncome(value(block, "income"));
    return Premiums.quoteBhxh(args);
  }

  function sourceItem(row, data) {
    const item = document.createElement("li");
    const label = data.labels[row.name || "support_" + row.kind];
    const unit = row.name ? data.constants.units[row.name] : "rate";
    const strong = document.createElement("strong");
    strong.textContent = label + ": " + (unit === "money" ? Premiums.formatMoney(row.value)
      : Premiums.formatPercent(row.value));
    const since = document.createElement("span");
    since.className = "muted";
    since.textContent = data.texts.valid_from.replace("%(date)s",
      row.valid_from.split("-").reverse().join("/"));
    const source = document.createElement("span");
    source.className = "muted";
    source.textContent = row.source;
    item.append(strong, " ", since);
    if (row.confirmed === 0) item.append(" ", unconfirmed(data));
    item.append(document.createElement("br"), source);
    return item;
  }

  function unconfirmed(data) {
    const mark = document.createElement("em");
    mark.className = "unconfirmed";
    mark.textContent = data.texts.unconfirmed;
    return mark;
  }



  function show(block, quote, error) {
    block.querySelectorAll("[data-error-for]").forEach(function (node) {
      const mine = error && node.getAttribute("data-error-for") === error.field;
      node.textContent = mine ? error.message : "";
      node.hidden = !mine;
    });
    const result = block.querySelector("[data-quote-result]");
    if (!result) return;
    result.hidden = !quote;
    if (!quote) return;
    result.querySelectorAll("[data-quote-value]").forEach(function (cell) {
      cell.textContent = Premiums.formatMoney(quote[cell.getAttribute("data-quote-value")]);
    });
    result.querySelectorAll("[data-quote-row]").forEach(function (row) {
      row.hidden = !quote[row.getAttribute("data-quote-row")];
    });
    Premiums.showPrepay(result.querySelector("[data-quote-prepay]"), quote);
    const discount = result.querySelector("[data-quote-discount]");
    if (discount) discount.hidden = quote.months <= 12;
    const sources = result.querySelector("[data-quote-sources]");
    if (sources) {
      const data = Premiums.fromPage().data;
      sources.replaceChildren.apply(sources, quote.parameters.map(function (row) {
        return sourceItem(row, data);
      }));
    }
  }

  function recompute(block) {
    showScheme(block, value(block, "scheme"));
    let quote = null, error = null;
    try {
      quote = compute(block);
    } catch (e) {
      if (!(e instanceof Premiums.QuoteError)) throw e;
      error = { field: e.field, code: e.code, message: e.message };
    }
    show(block, quote, error);
    block.dispatchEvent(new CustomEvent("premium:quote", {
      bubbles: true, detail: quote ? { quote: quote } : { error: error } }));
  }

  function bindQuote(block) {
    if (block.hasAttribute("data-premium-bound")) return;
    block.setAttribute("data-premium-bound", "");
    block.addEventListener("input", function () { recompute(block); });
    block.addEventListener("change", function () { recompute(block); });
    recompute(block);
  }

  Premiums.bindQuote = bindQuote;
  document.querySelectorAll("[data-premium-quote]").forEach(bindQuote);
})();
