/*
 * A renewal reminder, sent from the agent's own phone: the share sheet (Web Share API) where the
 * browser has one, else the clipboard, else the text stays selectable in its box. No message
 * service of ours: the agent picks Zalo, SMS or whatever they use.
 */
(function () {
  "use strict";

  const done = document.querySelector("[data-share-done]");

  async function send(button) {
    const text = button.dataset.shareText;
    if (navigator.share) {
      try {
        await navigator.share({ text: text });
        return;
      } catch (error) {
        if (error && error.name === "AbortError") return;   // the agent closed the sheet
      }
    }
    try {
      await navigator.clipboard.writeText(text);
      if (done) done.hidden = false;
    } catch (_refused) {
      const box = button.parentNode.querySelector("details.reminder");
      if (!box) return;
      box.open = true;
      box.querySelector("textarea").select();
    }
  }

  document.querySelectorAll("[data-share-text]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { send(button); });
  });
})();
