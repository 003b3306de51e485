// SpeechDoc review page. Plain JavaScript, no libraries. Every text that comes from a speech is
// set with textContent, never as HTML.
"use strict";

const token = document.querySelector('meta[name="speechdoc-token"]').content;
const state = { reviews: [], current: -1 };

const ROLES = [
  ["", "自动 auto"],
  ["body", "正文 keep"],
  ["furniture", "删除 remove"],
  ["title", "标题 title"],
  ["meta", "署名日期 meta"],
  ["salutation", "称呼 salutation"],
  ["heading-1", "一级标题 heading 1"],
  ["heading-2", "二级标题 heading 2"],
  ["heading-3", "三级标题 heading 3"],
  ["heading-4", "四级标题 heading 4"],
  ["paragraph", "段落 paragraph, not a heading"],
];

function $(id) { return document.getElementById(id); }

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function showError(message) {
  const box = $("error");
  box.textContent = message || "";
  box.hidden = !message;
}

async function call(method, url, body, type) {
  const headers = { "X-SpeechDoc-Token": token };
  if (type) headers["Content-Type"] = type;
  const response = await fetch(url, { method, headers, body });
  const isJSON = (response.headers.get("Content-Type") || "").startsWith("application/json");
  if (!response.ok) {
    const problem = isJSON ? (await response.json()).error : response.statusText;
    throw new Error(problem || ("HTTP " + response.status));
  }
  return isJSON ? response.json() : response.blob();
}

// 1 · Input

async function upload(name, body) {
  showError("");
  try {
    const review = await call("POST", "/api/reviews?name=" + encodeURIComponent(name), body, "application/octet-stream");
    state.reviews.push(review);
    state.current = state.reviews.length - 1;
    render();
  } catch (error) {
    // The server's messages name the file already.
    showError(error.message.startsWith(name) ? error.message : name + ": " + error.message);
  }
}

async function uploadFiles(files) {
  for (const file of files) await upload(file.name, file);
}

function setUpInput() {
  const drop = $("drop");
  $("files").addEventListener("change", async (event) => {
    const files = Array.from(event.target.files);
    event.target.value = "";  // the same file chosen again is read again
    await uploadFiles(files);
  });
  drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    uploadFiles(event.dataTransfer.files);
  });
  drop.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); $("files").click(); }
  });
  $("read-paste").addEventListener("click", () => {
    const text = $("paste").value;
    if (text.trim()) upload("pasted.txt", new Blob([text], { type: "text/plain" }));
  });
}

// 2 · Review

function current() { return state.reviews[state.current]; }

function replaceCurrent(review) {
  state.reviews[state.current] = review;
  render();
}

async function setRole(unit, role) {
  try {
    replaceCurrent(await call("POST", "/api/reviews/" + current().id + "/role",
      JSON.stringify({ unit, role: role || null }), "application/json"));
    const select = document.querySelector('#units select[data-unit="' + unit + '"]');
    if (select) select.focus();
  } catch (error) { showError(error.message); }
}

function renderDocuments() {
  const list = $("documents");
  list.replaceChildren();
  state.reviews.forEach((review, index) => {
    const item = element("li");
    const pick = element("button", review.name);
    pick.type = "button";
    if (index === state.current) { pick.classList.add("current"); pick.setAttribute("aria-current", "true"); }
    pick.addEventListener("click", () => { state.current = index; render(); });
    item.append(pick);
    for (const [label, step, name] of [["↑", -1, "Move up"], ["↓", 1, "Move down"]]) {
      const move = element("button", label);
      move.type = "button";
      move.setAttribute("aria-label", name + " " + review.name);
      move.disabled = index + step < 0 || index + step >= state.reviews.length;
      move.addEventListener("click", () => {
        const [moved] = state.reviews.splice(index, 1);
        state.reviews.splice(index + step, 0, moved);
        if (state.current === index) state.current = index + step;
        else if (state.current === index + step) state.current = index;
        render();
      });
      item.append(move);
    }
    list.append(item);
  });
}

function renderUnits(review) {
  const list = $("units");
  const filter = $("filter").value;
  list.replaceChildren();
  for (const unit of review.units) {
    if (filter === "removed" && !unit.removed) continue;
    if (filter === "kept" && unit.removed) continue;
    const item = element("li", null, "role-" + unit.role + (unit.removed ? " removed" : "") + (unit.fixed ? " fixed" : ""));
    item.dataset.role = unit.role;
    const select = element("select");
    select.dataset.unit = unit.index;
    select.setAttribute("aria-label", "Role of line " + unit.line);
    for (const [value, label] of ROLES) {
      const option = element("option", value === "" ? label + " (" + unit.role + ")" : label);
      option.value = value;
      select.append(option);
    }
    select.value = unit.correction || "";
    select.addEventListener("change", () => setRole(unit.index, select.value));
    const body = element("div");
    body.append(element("span", unit.text, "text"));
    const why = unit.removed
      ? "removed by " + (unit.rule || "furniture") + (unit.evidence.length ? ": " + unit.evidence.join(", ") : "")
      : "line " + unit.line + " · " + unit.role + (unit.evidence.length ? " · " + unit.evidence.join(", ") : "");
    body.append(element("span", why, "why"));
    item.append(select, body);
    list.append(item);
  }
}

function renderOutline(review) {
  const box = $("outline");
  box.replaceChildren();
  review.speeches.forEach((speech, index) => {
    if (review.speeches.length > 1) box.append(element("h4", "第" + (index + 1) + "篇 Speech " + (index + 1)));
    box.append(element("div", speech.title || "(no title 无标题)", "title"));
    const facts = element("ul");
    for (const [key, label] of [["subtitle", "副标题 subtitle"], ["speaker", "讲话人 speaker"], ["date", "日期 date"], ["salutation", "称呼 salutation"]]) {
      if (speech[key]) facts.append(element("li", label + ": " + speech[key]));
    }
    box.append(facts);
    const headings = element("ul");
    for (const heading of speech.headings) {
      const kind = heading.kind === "lead" ? "lead" : "level-" + heading.level;
      const text = (heading.kind === "lead" ? "引语 lead · " : "第" + heading.level + "级 level " + heading.level + " · ") + heading.number + heading.text;
      const item = element("li", text, kind);
      item.style.marginLeft = (heading.level - 1) * 1.2 + "em";
      headings.append(item);
    }
    box.append(headings);
  });
}

function renderFindings(review) {
  const list = $("findings");
  list.replaceChildren();
  for (const line of review.findings) list.append(element("li", line));
  if (!review.findings.length) list.append(element("li", "没有需要注意的 nothing to look at"));
}

// 3 · Preview and download

function query(format) {
  const review = current();
  const speech = $("speech").value || "1";
  const style = $("style").value || "gbt9704";
  return "/api/reviews/" + review.id + "/" + (format ? "download?format=" + format + "&" : "preview?") +
    "speech=" + encodeURIComponent(speech) + "&style=" + encodeURIComponent(style);
}

function renderOutput(review) {
  const choice = $("speech");
  const count = review.speeches.length;
  if (choice.options.length !== count) {
    choice.replaceChildren();
    for (let index = 1; index <= count; index++) choice.append(element("option", String(index)));
  }
  $("speech-choice").hidden = count < 2;
  for (const format of ["docx", "epub", "md"]) $("download-" + format).href = query(format);
  $("preview").src = query(null);
  const roles = review.roles.map((role) => " --role " + role).join("");
  const style = $("style").value && $("style").value !== "gbt9704" ? " --style " + $("style").value : "";
  $("command").textContent = "speechdoc convert '" + review.name + "'" + roles + style + " -o OUTPUT.docx";
}

function render() {
  renderDocuments();
  const review = current();
  $("review").hidden = $("output").hidden = !review;
  if (!review) return;
  $("undo").disabled = !review.canUndo;
  renderUnits(review);
  renderOutline(review);
  renderFindings(review);
  renderOutput(review);
}

async function buildCollection() {
  try {
    const blob = await call("POST", "/api/collection", JSON.stringify({
      reviews: state.reviews.map((review) => review.id),
      title: $("c-title").value, author: $("c-author").value, date: $("c-date").value,
      style: $("style").value || "gbt9704",
    }), "application/json");
    const link = element("a");
    link.href = URL.createObjectURL(blob);
    link.download = ($("c-title").value || "讲话汇编") + ".epub";
    document.body.append(link);
    link.click();
    link.remove();
  } catch (error) { showError(error.message); }
}

async function setUp() {
  setUpInput();
  $("filter").addEventListener("change", () => current() && renderUnits(current()));
  $("undo").addEventListener("click", async () => {
    try { replaceCurrent(await call("POST", "/api/reviews/" + current().id + "/undo", "{}", "application/json")); }
    catch (error) { showError(error.message); }
  });
  $("style").addEventListener("change", () => current() && renderOutput(current()));
  $("speech").addEventListener("change", () => current() && renderOutput(current()));
  $("c-build").addEventListener("click", buildCollection);
  try {
    const styles = await call("GET", "/api/styles");
    for (const name of styles) $("style").append(element("option", name));
    $("style").value = "gbt9704";
  } catch (error) { showError(error.message); }
}

setUp();
