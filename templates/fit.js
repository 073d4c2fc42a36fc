// Scales a slide down when its content is taller than the slide, so nothing is ever cut off
// on the projector. The build already sets smaller type on full slides (density-N classes).
function fitSlides(reveal) {
  const height = reveal.getConfig().height;
  const fit = (slide) => {
    const body = slide && slide.querySelector(":scope > .slide-body");
    if (!body) return;
    body.style.zoom = "";
    const natural = slide.scrollHeight;
    if (natural > height) {
      body.style.zoom = String(Math.max(0.4, (height / natural) * 0.97));
    }
  };
  const fitAll = () => {
    document.querySelectorAll(".reveal .slides section:not(.stack)").forEach((slide) => {
      const hidden = slide.style.display === "none";
      if (hidden) slide.style.display = "block";
      fit(slide);
      if (hidden) slide.style.display = "none";
    });
    reveal.layout();
  };
  document.fonts.ready.then(fitAll);
  reveal.on("slidechanged", (event) => { fit(event.currentSlide); reveal.layout(); });
  reveal.on("resize", fitAll);
}
