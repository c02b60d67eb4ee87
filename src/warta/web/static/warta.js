// warta's only script; every page works without it.
// A citation opened in the summary closes the other open citation of the same sentence, so the
// source sentences shown stay next to the text they support; "/" focuses the search box.
document.addEventListener("toggle", (event) => {
  const opened = event.target;
  if (!(opened instanceof HTMLDetailsElement) || !opened.classList.contains("citation") || !opened.open) return;
  const sentence = opened.closest(".summary-sentence");
  if (!sentence) return;
  for (const other of sentence.querySelectorAll("details.citation[open]")) {
    if (other !== opened) other.open = false;
  }
}, true);

document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
  const search = document.querySelector('input[type="search"]');
  if (search) { event.preventDefault(); search.focus(); }
});
