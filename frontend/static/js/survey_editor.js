// The survey editor's live previews: a moment after typing stops, the
// form is kept as the admin's draft (the server checks it) and both
// sandboxed frames load again; a wording the rules refuse is said in the
// status line instead. Without this script, "Update the previews" does the
// same with a page load.
(() => {
  const form = document.getElementById("survey-editor");
  const status = document.getElementById("preview-status");
  if (!form || !status || !window.fetch) return;
  const frames = document.querySelectorAll("iframe[data-preview]");
  let timer;
  let asked = 0;
  const refresh = async () => {
    const n = ++asked;
    const body = new URLSearchParams(new FormData(form));
    body.set("action", "preview");
    let res;
    try {
      // form.action would be the buttons named "action"
      res = await fetch(form.getAttribute("action"), {method: "POST", body, headers: {"X-Preview": "1"}, credentials: "same-origin"});
    } catch {
      status.textContent = "The previews could not be updated; use the button below.";
      return;
    }
    if (n !== asked) return; // a newer change is on its way
    if (res.status !== 204) {
      status.textContent = "Not previewed: " + (await res.text());
      return;
    }
    const lang = encodeURIComponent(body.get("lang"));
    for (const f of frames) {
      f.src = "/app/admin/survey/preview/" + lang + "/" + f.dataset.preview + "?v=" + n;
    }
    status.textContent = "Showing your unsaved changes. Nothing in the previews is saved or sent.";
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 600);
  };
  form.addEventListener("input", (e) => { if (e.target.tagName === "TEXTAREA") later(); });
  form.addEventListener("change", (e) => { if (e.target.name === "lang") refresh(); });
})();
