package dev.quarry.dag.backend;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class StreamTailTest {
  @Test
  void keepsOnlyTheLastLinesOfALongStream() {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 100_000; i++) {
      text.append("line ").append(i).append('\n');
    }
    StreamTail tail = new StreamTail();

    tail.drain(new ByteArrayInputStream(text.toString().getBytes(UTF_8)));

    assertEquals("\n  …\n  line 99998\n  line 99999\n  line 100000", tail.lastLines(3));
  }

  @Test
  void shortStreamIsQuotedWhole() {
    StreamTail tail = new StreamTail();

    tail.drain(new ByteArrayInputStream("first\nsecond\n".getBytes(UTF_8)));

    assertEquals("\n  first\n  second", tail.lastLines(20));
  }

  @Test
  void emptyStreamSaysSo() {
    StreamTail tail = new StreamTail();

    tail.drain(InputStream.nullInputStream());

    assertEquals(" (empty)", tail.lastLines(20));
  }

  @Test
  void readFailureIsReportedAfterWhatWasRead() {
    InputStream failing =
        new InputStream() {
          private int calls;

          @Override
          public int read() throws IOException {
            throw new IOException("unused");
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws IOException {
            if (calls++ > 0) {
              throw new IOException("Stream closed");
            }
            byte[] line = "partial\n".getBytes(UTF_8);
            System.arraycopy(line, 0, buffer, offset, line.length);
            return line.length;
          }
        };
    StreamTail tail = new StreamTail();

    tail.drain(failing);

    assertEquals(
        "\n  partial\n  [could not read further: IOException: Stream closed]", tail.lastLines(20));
  }
}
