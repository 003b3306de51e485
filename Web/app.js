// SpeechDoc review page. Plain JavaScript, no libraries. Every text that comes from a speech is
// set with textContent, never as HTML.
"use strict";

const token = document.querySelector('meta[name="speechdoc-token"]').content;
// uploads: the style file, Word template and cover the page sent ({id, name}), by kind.
const state = { reviews: [], current: -1, uploads: {} };

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
  ["lead", "引语 lead (opens the paragraph)"],
];

// What the speech made of a unit, shown beside its text (Review.tags).
const TAGS = {
  "heading-1": "一级标题 heading 1", "heading-2": "二级标题 heading 2", "heading-3": "三级标题 heading 3",
  "heading-4": "四级标题 heading 4", lead: "引语 lead", gap: "缺文 gap", closing: "结束语 closing",
  subtitle: "副标题 subtitle", speaker: "讲话人 speaker", date: "日期 date", damaged: "乱码 damaged",
};

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

function moveDocument(from, to) {
  if (from === to || to < 0 || to >= state.reviews.length) return;
  const chosen = state.reviews[state.current];
  const [moved] = state.reviews.splice(from, 1);
  state.reviews.splice(to, 0, moved);
  state.current = state.reviews.indexOf(chosen);
  render();
}

// The files under review, in the collection's order: drag one onto another to move it there,
// or use its ↑ ↓ buttons (the keyboard's way).
function renderDocuments() {
  const list = $("documents");
  list.replaceChildren();
  state.reviews.forEach((review, index) => {
    const item = element("li");
    item.draggable = true;
    item.dataset.index = index;
    item.dataset.review = review.id;
    item.addEventListener("dragstart", (event) => {
      event.dataTransfer.setData("application/x-speechdoc-index", String(index));
      event.dataTransfer.effectAllowed = "move";
    });
    item.addEventListener("dragover", (event) => {
      if (event.dataTransfer.types.includes("application/x-speechdoc-index")) { event.preventDefault(); item.classList.add("over"); }
    });
    item.addEventListener("dragleave", () => item.classList.remove("over"));
    item.addEventListener("drop", (event) => {
      const from = event.dataTransfer.getData("application/x-speechdoc-index");
      if (from === "") return;
      event.preventDefault();
      event.stopPropagation();
      moveDocument(Number(from), index);
    });
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
        moveDocument(index, index + step);
        const again = document.querySelector('#documents button[aria-label="' + CSS.escape(name + " " + review.name) + '"]');
        if (again && !again.disabled) again.focus();
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
    const item = element("li", null, "role-" + unit.role + (unit.removed ? " removed" : "") + (unit.fixed ? " fixed" : "") + (unit.edited ? " edited" : ""));
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
    for (const tag of unit.tags) body.append(element("span", TAGS[tag] || tag, "tag tag-" + tag.replace(/-\d$/, "")));
    body.append(element("span", unit.text, "text"));
    if (!unit.removed || unit.edited) body.append(editButton(unit));
    const why = unit.removed
      ? "removed by " + (unit.rule || "furniture") + (unit.evidence.length ? ": " + unit.evidence.join(", ") : "")
      : "line " + unit.line + " · " + unit.role + (unit.evidence.length ? " · " + unit.evidence.join(", ") : "");
    body.append(element("span", why, "why"));
    item.append(select, body);
    list.append(item);
  }
}

// In-place editing: the unit's text in a one-line field; Enter keeps it, Escape leaves it.
function editButton(unit) {
  const button = element("button", "✎", "edit");
  button.type = "button";
  button.dataset.unit = unit.index;
  button.setAttribute("aria-label", "Edit the text of line " + unit.line);
  button.addEventListener("click", () => startEdit(button.parentElement, unit));
  return button;
}

function startEdit(body, unit) {
  const field = element("input", null, "edit-text");
  field.value = unit.text;
  field.dataset.unit = unit.index;
  field.setAttribute("aria-label", "Text of line " + unit.line + " (Enter to keep, Escape to cancel)");
  const actions = element("span", null, "edit-actions");
  const keep = element("button", "保存 Keep");
  keep.type = "button";
  const original = element("button", "原文 Original");
  original.type = "button";
  original.disabled = !unit.edited;
  actions.append(keep, original);
  body.replaceChildren(field, actions);
  field.focus();
  const save = (text) => saveEdit(unit.index, text);
  keep.addEventListener("click", () => save(field.value));
  original.addEventListener("click", () => save(null));
  field.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); save(field.value); }
    if (event.key === "Escape") { event.preventDefault(); render(); focusEdit(unit.index); }
  });
}

function focusEdit(unit) {
  const button = document.querySelector('#units button.edit[data-unit="' + unit + '"]');
  if (button) button.focus();
}

async function saveEdit(unit, text) {
  try {
    replaceCurrent(await call("POST", "/api/reviews/" + current().id + "/edit",
      JSON.stringify({ unit, text }), "application/json"));
    focusEdit(unit);
  } catch (error) { showError(error.message); }
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
  const template = state.uploads.template ? "&template=" + encodeURIComponent(state.uploads.template.id) : "";
  return "/api/reviews/" + review.id + "/" + (format ? "download?format=" + format + "&" : "preview?") +
    "speech=" + encodeURIComponent(speech) + "&style=" + encodeURIComponent(style) + (format ? template : "");
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
  const changes = review.arguments.map((argument) => " " + argument).join("");
  const chosen = $("style").value || "gbt9704";
  // Every name comes quoted for a shell by the server (`word`), as the changes do.
  const style = chosen.startsWith("file:") ? " --style " + state.uploads.style.word
    : chosen !== "gbt9704" ? " --style " + chosen : "";
  const template = state.uploads.template ? " --reference-docx " + state.uploads.template.word : "";
  $("command").textContent = "speechdoc convert " + review.word + changes + style + template + " -o OUTPUT.docx";
  $("preview-note").hidden = !state.uploads.template;
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
      style: $("style").value || "gbt9704", cover: state.uploads.cover ? state.uploads.cover.id : "",
    }), "application/json");
    const link = element("a");
    link.href = URL.createObjectURL(blob);
    link.download = ($("c-title").value || "讲话汇编") + ".epub";
    document.body.append(link);
    link.click();
    link.remove();
  } catch (error) { showError(error.message); }
}

// A style file, Word template or cover: sent once, checked by the server, used by id.
async function sendUpload(kind, file) {
  showError("");
  try {
    const sent = await call("POST", "/api/uploads?kind=" + kind + "&name=" + encodeURIComponent(file.name), file, "application/octet-stream");
    state.uploads[kind] = sent;
    if (kind === "style") {
      let option = $("style").querySelector('option[value^="file:"]');
      if (!option) { option = element("option"); $("style").append(option); }
      option.value = "file:" + sent.id;
      option.textContent = "文件 file: " + sent.name;
      $("style").value = option.value;
    }
    $(kind + "-name").textContent = sent.name;
    $(kind + "-clear").hidden = false;
    if (current()) renderOutput(current());
  } catch (error) { showError(file.name + ": " + error.message.replace(file.name + ": ", "")); }
}

function clearUpload(kind) {
  delete state.uploads[kind];
  if (kind === "style") {
    const option = $("style").querySelector('option[value^="file:"]');
    if (option) option.remove();
    $("style").value = "gbt9704";
  }
  $(kind + "-name").textContent = "";
  $(kind + "-clear").hidden = true;
  if (current()) renderOutput(current());
}

function setUpUploads() {
  for (const kind of ["style", "template", "cover"]) {
    $(kind + "-file").addEventListener("change", async (event) => {
      const [file] = event.target.files;
      event.target.value = "";
      if (file) await sendUpload(kind, file);
    });
    $(kind + "-clear").addEventListener("click", () => clearUpload(kind));
  }
}

async function setUp() {
  setUpUploads();
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
