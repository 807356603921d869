// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// A running job's progress moves without reloading; the page reloads once the job finishes.
for (const box of document.querySelectorAll("[data-job-progress][data-finished='false']")) {
  const bar = box.querySelector("progress");
  const count = box.querySelector("[data-job-count]");
  const stage = box.querySelector("[data-job-stage]");
  const url = new URL(box.dataset.pollUrl, window.location.href);
  url.searchParams.set("progress", "json");
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const job = await response.json();
      if (job.finished) { window.location.reload(); return; }
      if (stage && job.stage) stage.textContent = job.stage;
      if (bar && job.total) { bar.max = job.total; bar.value = job.done; }
      if (count) count.textContent = job.total ? `${job.done} of ${job.total} done (${job.percent}%)` : `${job.done} done so far`;
    } catch (error) { /* the link still works */ }
    window.setTimeout(poll, 1500);
  };
  window.setTimeout(poll, 1000);
}
