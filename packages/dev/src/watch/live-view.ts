/** Where a task key stands, as the live view shows it. */
export type TaskStatus = "queued" | "running" | "ok" | "failed" | "cancelled";

export interface TaskLine {
  readonly status: TaskStatus;
  /** What it runs over or what came out ("2 files", "3 problems", "bindings unchanged"). */
  readonly summary: string;
  /** Set when the status is final. */
  readonly durationMs?: number;
  /** Shown under a failed task: its first problems and the log path. */
  readonly details?: readonly string[];
}

/** The stream the view writes to: a TTY gets a redrawn block, anything else plain lines. */
export interface ViewStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** Terminal width: longer lines are cut, since a wrapped line would break the redraw's line count. */
  readonly columns?: number;
}

export interface LiveViewOptions {
  readonly stream: ViewStream;
  /** Force plain lines (CI=true, --plain); default: plain unless the stream is a TTY. */
  readonly plain?: boolean;
  /** Task keys in display order; others are appended as they appear. */
  readonly order?: readonly string[];
  /** Problems shown per failed task before "… and N more". */
  readonly maxDetails?: number;
  readonly now?: () => number;
}

const SYMBOL: Readonly<Record<TaskStatus, string>> = {
  queued: "·",
  running: "…",
  ok: "✓",
  failed: "✗",
  cancelled: "⊘",
};

const FINAL: ReadonlySet<TaskStatus> = new Set(["ok", "failed", "cancelled"]);

// ANSI: cursor up N lines, then clear to the end of the screen.
const up = (lines: number): string => (lines > 0 ? `\u001b[${lines}A\r\u001b[J` : "\r\u001b[J");

const graphemes = new Intl.Segmenter();

/** Cuts a line to one column less than the terminal (the last column would make some terminals wrap). */
function fitWidth(text: string, width: number | undefined): string {
  if (width === undefined || width < 2) return text;
  const parts = Array.from(graphemes.segment(text), (part) => part.segment);
  return parts.length < width ? text : `${parts.slice(0, width - 2).join("")}…`;
}

/** Formats one task line: `✓ flake8      1 file, no problems            0.42s`. */
export function formatTaskLine(key: string, line: TaskLine, elapsedMs?: number): string {
  const time = line.durationMs ?? elapsedMs;
  const seconds = time === undefined ? "" : `  ${(time / 1000).toFixed(2)}s`;
  return `${SYMBOL[line.status]} ${key.padEnd(11)}${line.summary}${seconds}`;
}

/**
 * The compact view of the dev loop: one line per task. On a TTY the block is redrawn in place
 * (with running tasks' elapsed time); otherwise each change of status is one plain line, so CI
 * logs and piped output stay readable.
 */
export class LiveView {
  readonly #stream: ViewStream;
  readonly #plain: boolean;
  readonly #maxDetails: number;
  readonly #now: () => number;
  readonly #order: string[];
  readonly #lines = new Map<string, TaskLine & { readonly since: number }>();
  #drawnLines = 0;
  #ticker: ReturnType<typeof setInterval> | undefined;

  constructor(options: LiveViewOptions) {
    this.#stream = options.stream;
    this.#plain = options.plain ?? options.stream.isTTY !== true;
    this.#maxDetails = options.maxDetails ?? 5;
    this.#now = options.now ?? (() => performance.now());
    this.#order = [...(options.order ?? [])];
  }

  get plain(): boolean {
    return this.#plain;
  }

  /** Sets a task's line; in plain mode prints it when its status changed or it is final. */
  set(key: string, line: TaskLine): void {
    if (!this.#order.includes(key)) this.#order.push(key);
    const previous = this.#lines.get(key);
    this.#lines.set(key, { ...line, since: previous?.status === line.status ? previous.since : this.#now() });
    if (this.#plain) {
      // Queued is noise in a log; running and the outcome are what a reader follows.
      if (line.status === "queued" || (previous?.status === line.status && !FINAL.has(line.status))) return;
      this.#stream.write(`${[formatTaskLine(key, line), ...this.#details(line)].join("\n")}\n`);
      return;
    }
    this.#redraw();
    this.#tick();
  }

  /** A message above the block ("proto/x.proto changed"). */
  log(message: string): void {
    if (this.#plain) {
      this.#stream.write(`${message}\n`);
      return;
    }
    this.#stream.write(`${up(this.#drawnLines)}${message}\n`);
    this.#drawnLines = 0;
    this.#redraw();
  }

  /** Stops the ticker; the last block stays on screen. */
  close(): void {
    if (this.#ticker !== undefined) clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  /** The lines the block consists of right now (what a TTY shows). */
  render(): string[] {
    const now = this.#now();
    const out: string[] = [];
    for (const key of this.#order) {
      const line = this.#lines.get(key);
      if (line === undefined) continue;
      out.push(formatTaskLine(key, line, line.status === "running" ? now - line.since : undefined), ...this.#details(line));
    }
    return out;
  }

  #details(line: TaskLine): string[] {
    if (line.status !== "failed" || line.details === undefined) return [];
    const shown = line.details.slice(0, this.#maxDetails).map((detail) => `    ${detail}`);
    const more = line.details.length - this.#maxDetails;
    return more > 0 ? [...shown, `    … and ${more} more`] : shown;
  }

  #redraw(): void {
    const width = this.#stream.columns;
    const block = this.render().map((text) => fitWidth(text, width));
    this.#stream.write(`${up(this.#drawnLines)}${block.map((text) => `${text}\n`).join("")}`);
    this.#drawnLines = block.length;
  }

  // Keeps the elapsed time of running tasks moving; stops itself when nothing runs.
  #tick(): void {
    const running = [...this.#lines.values()].some((line) => line.status === "running" || line.status === "queued");
    if (running && this.#ticker === undefined) {
      this.#ticker = setInterval(() => {
        this.#redraw();
        this.#tick();
      }, 200);
      this.#ticker.unref();
    } else if (!running && this.#ticker !== undefined) {
      clearInterval(this.#ticker);
      this.#ticker = undefined;
    }
  }
}
