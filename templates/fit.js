// Scales a slide's body down when, and only when, it does not fit under its heading, so that
// nothing is ever cut off on the projector. The heading keeps its size and place.
// The body's type is scaled first (--fit, down to MIN_TYPE): text reflows, diagrams keep the
// deck's one label size (theme.css). A body still too large is then zoomed whole.
const MIN_TYPE = 0.5;
const CELL_CODE = 24;  // characters

function fitSlides(reveal) {
  const fitsIn = (content) => content.scrollHeight <= content.clientHeight + 1
    && content.scrollWidth <= content.clientWidth + 1;

  // Inline code is set whole on its line (theme.css); one longer than its line may break, and
  // in a table, where a column would otherwise grow to hold it, one longer than CELL_CODE.
  const wrapLongCode = (slide) => slide.querySelectorAll(":not(pre) > code").forEach((code) => {
    code.classList.remove("wraps");
    const line = code.parentElement.closest("p, li, td, th, h1, h2, h3, h4, div");
    const long = line && (line.matches("td, th") ? code.textContent.length > CELL_CODE
      : code.getBoundingClientRect().width > line.getBoundingClientRect().width);
    if (long) code.classList.add("wraps");
  });

  const fit = (slide) => {
    const content = slide && slide.querySelector(":scope > .slide-body > .slide-content");
    if (!content) return;
    content.style.removeProperty("--fit");
    content.style.zoom = "";
    delete content.dataset.fit;
    wrapLongCode(slide);
    if (!content.clientHeight || fitsIn(content)) return;
    let low = MIN_TYPE, high = 1;
    for (let step = 0; step < 9; step++) {  // the largest type that fits, to 1/512
      const middle = (low + high) / 2;
      content.style.setProperty("--fit", String(middle));
      if (fitsIn(content)) low = middle; else high = middle;
    }
    content.style.setProperty("--fit", low.toFixed(4));
    let scale = low;
    if (!fitsIn(content)) {
      const zoom = Math.min(content.clientHeight / content.scrollHeight,
                            content.clientWidth / content.scrollWidth);
      content.style.zoom = String(zoom);
      scale *= zoom;
    }
    content.dataset.fit = scale.toFixed(3);  // what the tests and the slides PDF read
  };

  // A slide far from the current one is not displayed, so it cannot be measured: show it
  // (and its stack) for the time of the measure.
  const measured = (slide) => {
    const shown = [slide, slide.parentElement.closest("section")].filter(Boolean);
    const before = shown.map((element) => element.style.display);
    shown.forEach((element) => { element.style.display = "block"; });
    fit(slide);
    shown.forEach((element, i) => { element.style.display = before[i]; });
  };

  const fitAll = () => {
    document.querySelectorAll(".reveal .slides section:not(.stack)").forEach(measured);
    reveal.layout();
  };
  document.fonts.ready.then(fitAll);
  window.addEventListener("load", fitAll);  // images have their size
  reveal.on("slidechanged", (event) => fit(event.currentSlide));
  reveal.on("resize", fitAll);
}
