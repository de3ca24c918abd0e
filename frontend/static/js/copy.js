// The copy button beside a secret shown once: copies the field it names
// and says so. Without this script the field is there to select and copy.
(() => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    const status = document.getElementById("copy-status");
    if (!field || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        if (status) status.textContent = "Copied.";
      } catch {
        field.select();
        if (status) status.textContent = "Select the key and copy it.";
      }
    });
  }
})();
