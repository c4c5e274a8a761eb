// The inputs of the commands that read a table instead of transactions (`select`: one row per customer;
// `service`: a contact log), as CSV files, deterministic, with the arguments that run each command.
import { join } from "node:path";
import { tempFiles } from "./helpers.js";

/** 30 customers: value criteria and survey scores of our capability (1–10), `late_days` lower is better. */
export const CUSTOMER_ROWS = Array.from({ length: 30 }, (_, i) => ({
  customerId: `C${String(i).padStart(2, "0")}`,
  monetary: Math.round(10 ** (1 + ((i * 7) % 30) / 10) * 100) / 100,
  frequency: 1 + ((i * 11) % 9),
  late_days: [0, 0, 3, 10, 30][i % 5],
  product: 1 + ((i * 3) % 10),
  service: 1 + ((i * 7 + 2) % 10),
}));

export const CUSTOMERS_CSV = `customerId,monetary,frequency,late_days,product,service\n${CUSTOMER_ROWS.map((r) => [r.customerId, r.monetary, r.frequency, r.late_days, r.product, r.service].join(",")).join("\n")}\n`;

/** One contact as written to the CSV (empty text for an empty cell). */
export interface ContactRow {
  contactId: string;
  channel: string;
  offeredAt: string;
  answeredAt: string;
  abandonedAt: string;
  handleSeconds: string;
  agent: string;
  resolvedFirstContact: string;
  satisfaction: string;
  botOutcome: string;
}

function makeContacts(): ContactRow[] {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
  const out: ContactRow[] = [];
  for (let day = 4; day <= 10; day++) {
    for (let k = 0; k < 25; k++) {
      const offered = Date.UTC(2024, 2, day, 9, 0, 0) + Math.floor(next() * 8 * 3600) * 1000;
      const chat = next() < 0.4;
      const u = next();
      const bot = chat ? (u < 0.45 ? "resolved" : u < 0.55 ? "unrecognised" : "transferred") : "";
      const wait = Math.floor(next() * 60);
      const queued = bot !== "resolved" && bot !== "unrecognised";
      const abandoned = queued && next() < 0.15;
      const answered = queued && !abandoned;
      out.push({
        contactId: `k${out.length + 1}`,
        channel: chat ? "chat" : "phone",
        offeredAt: iso(offered),
        answeredAt: answered ? iso(offered + wait * 1000) : "",
        abandonedAt: abandoned ? iso(offered + wait * 1000) : "",
        handleSeconds: answered ? String(120 + Math.floor(next() * 300)) : "",
        agent: answered ? ["ann", "bob", "cy"][Math.floor(next() * 3)] : "",
        resolvedFirstContact: answered ? (next() < 0.75 ? "yes" : "no") : "",
        satisfaction: next() < 0.4 ? String(1 + Math.floor(next() * 5)) : "",
        botOutcome: bot,
      });
    }
  }
  return out;
}

/** 175 contacts over a week (2024-03-04 … 2024-03-10): phone and chat, a bot in front of chat. */
export const CONTACT_ROWS: readonly ContactRow[] = makeContacts();
const CONTACT_COLUMNS = Object.keys(CONTACT_ROWS[0]) as (keyof ContactRow)[];
export const CONTACTS_CSV = `${CONTACT_COLUMNS.join(",")}\n${CONTACT_ROWS.map((r) => CONTACT_COLUMNS.map((c) => r[c]).join(",")).join("\n")}\n`;

const dir = tempFiles({ "customers.csv": CUSTOMERS_CSV, "contacts.csv": CONTACTS_CSV });
export const CUSTOMERS_FILE = join(dir, "customers.csv");
export const CONTACTS_FILE = join(dir, "contacts.csv");
export const SELECT_ARGS = ["--attractiveness", "monetary:2,frequency,late_days:1:lower", "--capability", "product,service"];

/** The input arguments that run each table command on these files (after the command name). */
export const TABLE_INPUT: Record<string, string[]> = {
  select: [CUSTOMERS_FILE, ...SELECT_ARGS],
  service: [CONTACTS_FILE],
};
