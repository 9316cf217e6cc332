// The inbox as a to-do list (issue 13): what still needs the person first
// ("Needs you", doneAt null), what is done below as a quiet record ("Done").
// New versions of a scene's choreography make the older ones moot: they
// collapse into one row, the newest, with the earlier ones behind a
// disclosure. The production's title (each notification's title, rule 12) is
// said once per group of rows from the same production, and only when the
// rows span productions. Pure, so it is tested without a browser.
import type { Notification } from '../api/types';

/** One row of the inbox: the newest notification and the earlier ones it stands for. */
export interface InboxRow {
  lead: Notification;
  /** Earlier notifications collapsed into this row (newest first); empty for most rows. */
  earlier: Notification[];
}

/** Rows of one production in a section. */
export interface InboxGroup {
  productionId: string | null;
  /** The production's title as the notifications name it. */
  title: string;
  rows: InboxRow[];
}

/** The inbox split into what needs the person and what is done. */
export interface Todo {
  needs: InboxGroup[];
  done: InboxGroup[];
  /** Whether the rows come from more than one production (then each group names its production). */
  spans: boolean;
  /** The one production's title when they do not span productions. */
  only: string | null;
}

const newestFirst = (a: Notification, b: Notification) =>
  a.createdAt === b.createdAt ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.createdAt < b.createdAt ? 1 : -1;

/** The key rows collapse on: choreography versions of the same scene; every other notification is its own row. */
function collapseKey(n: Notification): string {
  return n.type === 'choreography.published' && n.sceneId ? `choreography:${n.sceneId}` : `id:${n.id}`;
}

/** Collapses superseded choreography versions of a scene into the newest one's row; newest rows first. */
export function collapse(items: readonly Notification[]): InboxRow[] {
  const byKey = new Map<string, Notification[]>();
  for (const n of [...items].sort(newestFirst)) {
    const key = collapseKey(n);
    const list = byKey.get(key);
    if (list) {
      if (!list.some((x) => x.id === n.id)) list.push(n);
    } else byKey.set(key, [n]);
  }
  return [...byKey.values()].map(([lead, ...earlier]) => ({ lead: lead!, earlier }));
}

/** Whether a row still needs the person: its newest notification is not done. */
export function needsYou(row: InboxRow): boolean {
  return !row.lead.doneAt;
}

function group(rows: readonly InboxRow[]): InboxGroup[] {
  const groups: InboxGroup[] = [];
  for (const row of rows) {
    const pid = row.lead.productionId;
    const last = groups.find((g) => g.productionId === pid);
    if (last) last.rows.push(row);
    else groups.push({ productionId: pid, title: row.lead.title, rows: [row] });
  }
  return groups;
}

/** The inbox as a to-do list: rows that need the person, then the done ones, grouped by production. */
export function toTodo(items: readonly Notification[]): Todo {
  const rows = collapse(items);
  const productions = new Set(rows.map((r) => r.lead.productionId));
  const spans = productions.size > 1;
  return {
    needs: group(rows.filter(needsYou)),
    done: group(rows.filter((r) => !needsYou(r))),
    spans,
    only: !spans && rows.length ? rows[0]!.lead.title : null,
  };
}

/** How many rows a list of groups holds. */
export function rowCount(groups: readonly InboxGroup[]): number {
  return groups.reduce((n, g) => n + g.rows.length, 0);
}
