/**
 * A CSV input read as a stream: raw chunks (already decompressed) are decoded to UTF-8 as they come,
 * gathered into blocks, and scanned block by block ({@link CsvChunkScanner}); each block's complete
 * rows come out as a table. Memory is one block and the row the block did not finish, whatever the
 * input's size. The command line reads through here for the commands that need only customer
 * summaries (src/cli/transactions.ts).
 */
import { CLI_WORDS, InputDecoder, type EncodingWords, type InputEncoding } from "./decode.js";
import { CsvChunkScanner, CsvError, type CsvReadOptions, type CsvTable } from "./scan.js";

/** Settings of {@link csvTables}. */
export interface CsvStreamSettings extends CsvReadOptions {
  encoding: InputEncoding;
  /** Words for the encoding options in notes (default: the command line's flags). */
  words?: EncodingWords;
  /** Decoded bytes gathered before a scan (default 4 MiB): the size of a table's buffer. */
  blockSize?: number;
}

/** What {@link csvTables} tells at the end: notes on the encoding (as `decodeStream` gives them). */
export interface CsvStreamEnd {
  notes: string[];
}

/** Default block size of {@link csvTables}. */
export const STREAM_BLOCK = 1 << 22;

/**
 * The tables of complete rows of a raw byte stream, block by block: the same header, lines, errors and
 * fields as `readCsv` on the whole decoded input. Input that is not UTF-8 (when reading UTF-8) stops
 * the stream with a {@link CsvError} (`invalid_encoding`) at the block where it is seen: the caller
 * that wants every line with a bad byte named reads the whole input (`decodeInput`).
 */
export async function* csvTables(chunks: AsyncIterable<Uint8Array>, settings: CsvStreamSettings): AsyncGenerator<CsvTable, CsvStreamEnd> {
  const source = settings.source ?? "input";
  const blockSize = settings.blockSize ?? STREAM_BLOCK;
  let held: Uint8Array[] = [];
  let heldLength = 0;
  const decoder = new InputDecoder(settings.encoding, source, settings.words ?? CLI_WORDS, (bytes) => {
    held.push(bytes);
    heldLength += bytes.length;
  });
  const scanner = new CsvChunkScanner(settings);
  const check = () => {
    if (decoder.invalidUtf8) throw new CsvError(source, 1, "invalid UTF-8", "invalid_encoding");
  };
  const take = (): Uint8Array[] => {
    const block = held;
    held = [];
    heldLength = 0;
    return block;
  };
  for await (const chunk of chunks) {
    decoder.push(chunk);
    check();
    if (heldLength >= blockSize) {
      for (const table of scanner.pushBlock(take())) if (table.rows > 0) yield table;
    }
  }
  const end = decoder.end();
  check();
  for (const table of scanner.pushBlock(take(), true)) if (table.rows > 0) yield table;
  return { notes: end.notes };
}
