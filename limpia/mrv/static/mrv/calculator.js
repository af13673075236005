// The calculator page: sends the form to POST /api/v1/mrv/calculate and shows each line with its factors.
(function () {
  const form = document.getElementById("calculator");
  const kind = document.getElementById("kind");
  const unit = document.getElementById("unit");
  const out = document.getElementById("result");
  const syncUnit = () => { unit.value = kind.selectedOptions[0].dataset.unit; };
  kind.addEventListener("change", syncUnit);
  syncUnit();
  const cell = (text, tag = "td") => { const el = document.createElement(tag); el.textContent = text; return el; };
  const number = (v) => Number(v).toLocaleString("es-CL", { maximumFractionDigits: 6 });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const quantity = document.getElementById("quantity").value.replace(/\./g, "").replace(",", ".");
    const body = { gwp_set: document.getElementById("gwp").value, items: [{
      kind: kind.value, quantity: quantity, unit: unit.value, period: document.getElementById("period").value }] };
    const response = await fetch("/api/v1/mrv/calculate", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body) });
    const data = await response.json();
    out.replaceChildren();
    if (!response.ok) {
      const alert = cell(data.detail || "Error", "p"); alert.className = "alert alert-danger"; out.append(alert); return;
    }
    const item = data.items[0];
    const total = cell(`${number(item.co2e_t)} t CO2e`, "p"); total.className = "fs-4"; total.id = "total"; out.append(total);
    const table = document.createElement("table"); table.className = "table table-sm small";
    const head = document.createElement("tr");
    ["Fuente", "Gas", "t gas", "t CO2e", "Factores", "Fórmula"].forEach((h) => { const th = cell(h, "th"); th.scope = "col"; head.append(th); });
    table.append(head);
    item.lines.forEach((line) => {
      const row = document.createElement("tr");
      const factors = line.factors.map((f) => `${f.key} = ${f.value} ${f.unit} (${f.source}; ${f.version})`).join("\n");
      [line.source + (line.year ? ` ${line.year}` : ""), line.gas + (line.counted ? "" : " (aparte)"), number(line.tonnes),
       number(line.co2e_t), factors, line.formula].forEach((t) => row.append(cell(t)));
      row.lastChild.previousSibling.style.whiteSpace = "pre-line";
      table.append(row);
    });
    out.append(table);
  });
})();
