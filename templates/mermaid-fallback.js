// Diagrams of the types not drawn at build time, drawn by mermaid.js in the browser.
// mermaid measures its labels as it draws: on a hidden slide it measures nothing, and reveal.js's
// scaling shrinks what it measures (clipped boxes). So every diagram is drawn once, at load,
// off screen and unscaled in the slide's font, then moved into its slide: whichever slide the
// deck opens on, and in the overview, each is already drawn.
const FALLBACK_FONT = '"Inter", "DejaVu Sans", sans-serif';

function drawMermaidFallbacks(reveal) {
  const sources = Array.from(document.querySelectorAll("pre.mermaid-source"));
  if (!sources.length || !window.mermaid) return Promise.resolve();
  mermaid.initialize({
    startOnLoad: false, securityLevel: "strict", fontFamily: FALLBACK_FONT,
    theme: document.documentElement.classList.contains("theme-dark") ? "dark" : "default",
    logLevel: 5,
  });
  const stage = document.createElement("div");
  stage.className = "mermaid-stage";
  stage.style.cssText = "position: absolute; left: -20000px; top: 0; font-size: 16px; "
    + `font-family: ${FALLBACK_FONT}; width: ${reveal.getConfig().width}px;`;
  document.body.appendChild(stage);
  let chain = document.fonts.ready;
  sources.forEach((pre, n) => { chain = chain.then(() => drawFallback(pre, n, stage)); });
  return chain.then(() => stage.remove());
}

async function drawFallback(pre, n, stage) {
  const figure = pre.parentElement;
  try {
    const { svg } = await mermaid.render(`mermaid-fallback-${n}`, pre.textContent, stage);
    const holder = document.createElement("div");
    holder.className = "diagram-js-drawing";
    holder.innerHTML = svg;
    stage.appendChild(holder);  // laid out, unscaled: where SVG text can be measured
    const drawn = holder.querySelector("svg");
    drawn.setAttribute("role", "img");
    drawn.setAttribute("aria-label", pre.getAttribute("aria-label") || "");
    useTwemoji(drawn, JSON.parse(pre.dataset.emoji || "{}"));
    sizeFallback(drawn, parseFloat(figure.dataset.scale || "1"));
    figure.replaceChildren(holder);
  } catch (error) {
    // mermaid.js refused it: the source stays, shown as it is (never a console error).
    figure.classList.add("diagram-js-failed");
    console.warn("mermaid.js could not draw a diagram:", error && error.message);
  }
}

// The deck's one label size: mermaid draws labels at 16 px, the deck at 16 * scale.
function sizeFallback(svg, scale) {
  const box = svg.viewBox && svg.viewBox.baseVal;
  if (!box || !box.width) return;
  svg.style.maxWidth = "100%";
  svg.style.width = `${box.width * scale}px`;
  svg.style.height = "auto";
}

// Emoji in labels become the deck's Twemoji images; the build lists them. In HTML labels an
// <img> takes the emoji's place; in SVG text the emoji is kept, transparent, as the room an
// SVG <image> is drawn over (no emoji font is needed, and no box is ever seen).
const SVG_NS = "http://www.w3.org/2000/svg";

function useTwemoji(svg, images) {
  const chars = Object.keys(images).sort((a, b) => b.length - a.length);
  if (!chars.length) return;
  const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
  const html = [], drawn = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!chars.some((c) => node.nodeValue.includes(c))) continue;
    if (node.parentElement.closest("foreignObject")) html.push(node);
    else if (node.parentElement.closest("text")) drawn.push(node);
  }
  html.forEach((node) => replaceEmoji(node, chars, images));
  drawn.forEach((node) => {
    try { overlayEmoji(node, chars, images); } catch (error) { /* the emoji stays as text */ }
  });
}

function overlayEmoji(node, chars, images) {
  const text = node.parentElement.closest("text");
  splitEmoji(node.nodeValue, chars).forEach(([at, char]) => {
    const start = textOffset(text, node) + at;
    const box = text.getExtentOfChar(start);
    const size = box.height * 0.8;
    const image = document.createElementNS(SVG_NS, "image");
    image.setAttribute("href", images[char]);
    image.setAttribute("x", box.x + (box.width - size) / 2);
    image.setAttribute("y", box.y + (box.height - size) / 2);
    image.setAttribute("width", size);
    image.setAttribute("height", size);
    // The box is in the text's own user space: the image shares its parent and its transform.
    if (text.getAttribute("transform")) image.setAttribute("transform", text.getAttribute("transform"));
    text.parentNode.insertBefore(image, text.nextSibling);
  });
  hideEmoji(node, chars);
}

// Where each emoji starts in a string, longest match first.
function splitEmoji(value, chars) {
  const found = [];
  for (let at = 0; at < value.length;) {
    const char = chars.find((c) => value.startsWith(c, at));
    if (char) { found.push([at, char]); at += char.length; } else at += 1;
  }
  return found;
}

// The index of a text node's first character among its <text> element's characters.
function textOffset(text, node) {
  let offset = 0;
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  while (walker.nextNode() && walker.currentNode !== node) offset += walker.currentNode.length;
  return offset;
}

function hideEmoji(node, chars) {
  const parts = [];
  let last = 0;
  splitEmoji(node.nodeValue, chars).forEach(([at, char]) => {
    if (at > last) parts.push(document.createTextNode(node.nodeValue.slice(last, at)));
    const span = document.createElementNS(SVG_NS, "tspan");
    span.setAttribute("fill-opacity", "0");
    span.textContent = char;
    parts.push(span);
    last = at + char.length;
  });
  if (last < node.nodeValue.length) parts.push(document.createTextNode(node.nodeValue.slice(last)));
  node.replaceWith(...parts);
}

function replaceEmoji(node, chars, images) {
  const text = node.nodeValue;
  const parts = [];
  let rest = text;
  while (rest.length) {
    const found = chars.map((c) => [rest.indexOf(c), c]).filter(([at]) => at >= 0)
      .sort((a, b) => a[0] - b[0])[0];
    if (!found) { parts.push(document.createTextNode(rest)); break; }
    const [at, char] = found;
    if (at) parts.push(document.createTextNode(rest.slice(0, at)));
    const img = document.createElement("img");
    img.className = "emoji";
    img.alt = char;
    img.src = images[char];
    parts.push(img);
    rest = rest.slice(at + char.length);
  }
  if (parts.length > 1 || parts[0].nodeType !== Node.TEXT_NODE) node.replaceWith(...parts);
}
