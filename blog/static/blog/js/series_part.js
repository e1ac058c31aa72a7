// A new post's part number follows the series chosen: the next free part of that series
// (blog/admin_forms.py puts the numbers on the series field; Wagtail's chooser sends "change"
// when a series is chosen or cleared). A number the author typed stays.
document.addEventListener("change", (event) => {
  const series = event.target;
  if (!(series instanceof HTMLInputElement) || !series.dataset.nextParts) return;
  const part = series.form && series.form.querySelector("input[name=series_part]");
  if (!part || (part.value !== "" && part.value !== series.dataset.suggestedPart)) return;
  const next = JSON.parse(series.dataset.nextParts);
  part.value = series.value ? String(next[series.value] || 1) : "";
  series.dataset.suggestedPart = part.value;
});
