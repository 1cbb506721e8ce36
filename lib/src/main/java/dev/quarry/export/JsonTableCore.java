package dev.quarry.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Encodes tables as one JSON array of objects, one object per row on its own line, fields in column
 * order (Jackson's streaming generator; value formats in {@link TableCells}). Several batches
 * continue the same array; no batch gives {@code []}. Through a {@link BatchWriter} a batch is
 * encoded and written {@link ChunkRows} rows at a time (option {@code chunkRows}, default 64 K), so
 * memory is bounded by a chunk; the bytes are the same for any chunk size.
 *
 * <pre>
 * [
 * {"timestamp":"2013-11-25T10:00:00Z","open":802.0,"close":805.5},
 * {"timestamp":"2013-11-25T10:01:00Z","open":805.5,"close":804.0}
 * ]
 * </pre>
 */
public class JsonTableCore extends BatchWriterCore<Table, byte[]> {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  private final Redirect out = new Redirect();
  private JsonGenerator generator;

  /** A JSON core. */
  public JsonTableCore() {}

  @Override
  protected void doStart() {
    out.target = new ByteArrayOutputStream(64);
    try {
      generator = JSON.createGenerator(out);
      generator.setPrettyPrinter(new RowPerLine());
      generator.writeStartArray(); // stays in the generator's buffer until the first flush
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected byte[] doEncode(Table table) {
    List<TableCells> cells = cells(table);
    int rows = table.rowCount();
    EncodedBytes batch = EncodedBytes.forRows(rows + 1, rowBytes(cells));
    encode(cells, 0, rows, batch);
    return batch.toByteArray();
  }

  /** Encodes {@link ChunkRows} rows at a time into one reused buffer; at least one piece. */
  @Override
  protected void doEncodeParts(Table table, Consumer<? super byte[]> parts) {
    List<TableCells> cells = cells(table);
    int rows = table.rowCount();
    int chunk = ChunkRows.of(settings());
    EncodedBytes piece = EncodedBytes.forRows(Math.min(rows, chunk) + 1, rowBytes(cells));
    int from = 0;
    do {
      int to = (int) Math.min(rows, (long) from + chunk);
      piece.reset();
      encode(cells, from, to, piece);
      parts.accept(piece.copy());
      from = to;
    } while (from < rows);
  }

  private static List<TableCells> cells(Table table) {
    List<TableCells> cells = new ArrayList<>();
    for (Column<?> column : table.columns()) {
      cells.add(TableCells.of(column));
    }
    return cells;
  }

  private static long rowBytes(List<TableCells> cells) {
    long rowBytes = 4; // braces, comma and line end
    for (TableCells cell : cells) {
      rowBytes += cell.name.length() + 4 + cell.width; // quoted name, colon, comma
    }
    return rowBytes;
  }

  /** Rows {@code [from, to)} into {@code target}, the generator flushed at the end. */
  private void encode(List<TableCells> cells, int from, int to, EncodedBytes target) {
    out.target = target;
    try {
      for (int row = from; row < to; row++) {
        generator.writeStartObject();
        for (TableCells cell : cells) {
          generator.writeFieldName(cell.jsonName);
          cell.json(generator, row);
        }
        generator.writeEndObject();
      }
      generator.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected byte[] doFinish() {
    return end();
  }

  @Override
  protected byte[] doFinishEmpty() {
    return end();
  }

  @Override
  protected void cleanupAfterError() {
    out.target = OutputStream.nullOutputStream();
    generator = null;
  }

  private byte[] end() {
    ByteArrayOutputStream tail = new ByteArrayOutputStream(64);
    out.target = tail;
    try {
      generator.writeEndArray();
      generator.writeRaw('\n');
      generator.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return tail.toByteArray();
  }

  /** The generator's stream; each batch points it at that batch's buffer. */
  private static final class Redirect extends OutputStream {
    private OutputStream target;

    @Override
    public void write(int b) throws IOException {
      target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      target.write(b, off, len);
    }
  }

  /** Compact objects, one per line inside the array. */
  private static final class RowPerLine extends MinimalPrettyPrinter {
    private static final long serialVersionUID = 1L;

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
      g.writeRaw('\n');
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(",\n");
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      if (values > 0) {
        g.writeRaw('\n');
      }
      g.writeRaw(']');
    }
  }
}
