"""An import's report as lines of text, for the command's output."""

ENTITIES = ("organisations", "services")


def report_lines(report: dict) -> list[str]:
    lines = [f"Feed: {report['feed']['name']} ({report['feed']['source']})",
             f"Read: {report['in_feed']['services']} service records ({report.get('shape') or 'feed'})"]
    for plural in ENTITIES:
        counts = report[plural]
        lines.append(f"{plural.capitalize()}: {counts['created']} created, {counts['updated']} updated, "
                     f"{counts['unchanged']} unchanged, {counts['rejected']} rejected")
    locations = report.get("locations", {})
    lines.append(f"Locations: {locations.get('created', 0)} created, {locations.get('updated', 0)} updated, "
                 f"{locations.get('unchanged', 0)} unchanged")
    not_seen = report["not_seen_since"]
    lines.append("No longer in the feed (kept, marked not seen since): " + ", ".join(
        f"{counts['now']} {plural} ({counts['newly']} new this run)" for plural, counts in not_seen.items()))
    if report["rejected"]:
        lines.append(f"Rejected ({len(report['rejected'])}):")
        for item in report["rejected"]:
            label = f"{item['entity']} {item['external_id'] or '(no id)'}" + (f" “{item['name']}”" if item["name"] else "")
            lines.append(f"  - {label}: {item['reason']}")
    if report["warnings"]:
        lines.append(f"Imported with warnings ({len(report['warnings'])}):")
        for item in report["warnings"]:
            label = f"{item['entity']} {item['external_id']}" + (f" “{item['name']}”" if item["name"] else "")
            lines.append(f"  - {label}: " + "; ".join(item["messages"]))
    return lines
