package dev.quarry.dag.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The handlers every backend under test serves, in-process or in a worker. */
final class SampleHandlers {
  static final String KNOWN = "echo, noisy, nothing, sma";

  private SampleHandlers() {}

  static Handlers handlers() {
    return Handlers.builder()
        .add("sma", SampleHandlers::sma)
        .add("echo", input -> input)
        .add("nothing", input -> null)
        .add(
            "noisy",
            input -> {
              System.out.println("chatter from the handler");
              System.out.flush();
              return input;
            })
        .build();
  }

  static JsonNode sma(JsonNode input) throws JsonProcessingException {
    SmaRequest request = Json.MAPPER.treeToValue(input, SmaRequest.class);
    int window = request.window();
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1, got " + window);
    }
    List<Double> values = request.values();
    List<Double> averages = new ArrayList<>();
    for (int end = window; end <= values.size(); end++) {
      double sum = 0;
      for (int i = end - window; i < end; i++) {
        sum += values.get(i);
      }
      averages.add(sum / window);
    }
    return Json.MAPPER.valueToTree(new SmaResult(averages));
  }
}
