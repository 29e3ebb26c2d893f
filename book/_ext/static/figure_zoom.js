// Each figure's image becomes a link to the image file, so a reader can open it at full size.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("figure img").forEach((img) => {
    if (img.closest("a")) return;
    const link = document.createElement("a");
    link.href = img.getAttribute("src");
    link.className = "figure-zoom";
    link.title = "Open the figure at full size";
    img.parentNode.insertBefore(link, img);
    link.appendChild(img);
  });
});
