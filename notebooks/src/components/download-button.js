/* global document, Blob, setTimeout */
// A button that downloads text as a file (the TXT customer summary).

export function downloadButton(label, filename, text) {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = label;
  button.className = "et-download";
  button.disabled = text === null;
  button.addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  return button;
}
