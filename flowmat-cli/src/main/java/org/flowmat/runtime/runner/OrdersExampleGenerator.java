package org.flowmat.runtime.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the {@code examples/orders} example: an e-commerce shop's orders as a change stream, and a small append-only
 * stream of order events. Deterministic: the same count and seed give the same bytes (only {@link Random}, whose
 * algorithm Java specifies, and fixed start times are used).
 *
 * <p>{@code acmeCo/orders} ({@code orders.jsonl}, {@code count} documents over about {@code count / 4} order ids,
 * key {@code /order_id}, last write wins): an insert ({@code _meta/op} {@code "c"}) per order, later full-document
 * updates ({@code "u"}) as orders move through pending → paid → shipped → delivered (or cancelled, or refunded) and as
 * pending orders change their line items (and so their totals), and deletions ({@code "d"}, carrying only the order
 * id). Orders have a nested {@code customer} with an {@code address}, a {@code line_items} array, money as numbers
 * ({@code total}, {@code tax}) and RFC 3339 date-times. The last 20% of documents carry a field the first 80% lack,
 * {@code coupon_code} (a code or null): a late schema change, which the schema declares as optional.
 *
 * <p>{@code acmeCo/order-events} ({@code order-events.jsonl}, about {@code count / 10} events, key
 * {@code /event_id}, delta updates): a sample of the orders' changes as events, its schema inline in the catalog.
 *
 * <p>Every document carries a v1 {@code _meta/uuid} whose time is its publication time, shortly after its
 * {@code updated_at}. Usage: {@code OrdersExampleGenerator <output dir> <count> <seed>}.
 */
public final class OrdersExampleGenerator {
  /** The producer ID in generated UUIDs: "\x01shop01", multicast bit set. */
  static final long PRODUCER = 0x01_73_68_6F_70_31L;
  /** The stream starts at 2024-03-01T00:00:00Z. */
  static final long START_SECONDS = 1_709_251_200L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String[] FIRST = {
    "Ada", "Ben", "Chloé", "Dev", "Elif", "Femi", "Gus", "Hana", "Ines", "Jon", "Kai", "Lea", "Mo", "Nia", "Omar",
    "Pia", "Quinn", "Rosa", "Sam", "Teo", "Uma", "Vik", "Wen", "Xiu", "Yara", "Zoë", "José", "Noor", "Ravi", "Sven"
  };
  private static final String[] LAST = {
    "Abe", "Berg", "Costa", "Diaz", "Eze", "Fox", "Gray", "Holm", "Ito", "Jain", "Kim", "Lund", "Moreau", "Ng",
    "Okafor", "Park", "Quist", "Rossi", "Silva", "Tan", "Ueda", "Vogel", "Wolf", "Xu", "Young", "Zhou", "Nowak",
    "Müller", "Ørsted", "Dubois"
  };
  /** City, ISO country code, VAT rate. */
  private static final Object[][] CITIES = {
    {"Paris", "FR", 0.20}, {"Lyon", "FR", 0.20}, {"Berlin", "DE", 0.19}, {"Hamburg", "DE", 0.19},
    {"Madrid", "ES", 0.21}, {"Sevilla", "ES", 0.21}, {"Milan", "IT", 0.22}, {"Rome", "IT", 0.22},
    {"Amsterdam", "NL", 0.21}, {"Lisbon", "PT", 0.23}, {"Dublin", "IE", 0.23}, {"Vienna", "AT", 0.20},
    {"Warsaw", "PL", 0.23}, {"Stockholm", "SE", 0.25}, {"København", "DK", 0.25}, {"Helsinki", "FI", 0.24},
    {"Brussels", "BE", 0.21}, {"Prague", "CZ", 0.21}, {"Athens", "GR", 0.24}, {"Tallinn", "EE", 0.22}
  };
  private static final String[] COUPONS = {"SPRING10", "WELCOME10", "VIP10", "APRIL10"};

  private OrdersExampleGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: OrdersExampleGenerator <output dir> <count> <seed>");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    Summary s = generate(out, count, seed);
    System.out.println("wrote " + out + ": " + s);
  }

  /** What {@link #generate} wrote. */
  public record Summary(int orders, int orderIds, int inserts, int updates, int deletes, int withCoupon, int events) {}

  /**
   * Writes {@code catalog.json}, {@code orders.schema.json}, {@code orders.jsonl} and {@code order-events.jsonl}
   * into {@code dir} (created if missing), replacing them.
   */
  public static Summary generate(Path dir, int count, long seed) throws IOException {
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("catalog.json"), CATALOG, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("orders.schema.json"), ORDERS_SCHEMA, StandardCharsets.UTF_8);
    try (BufferedWriter orders = Files.newBufferedWriter(dir.resolve("orders.jsonl"), StandardCharsets.UTF_8);
        BufferedWriter events = Files.newBufferedWriter(dir.resolve("order-events.jsonl"), StandardCharsets.UTF_8)) {
      return new Simulation(new Random(seed), count, orders, events).run();
    }
  }

  private record Customer(int id, String name, String email, String city, String country, double vat) {}

  private record Product(String sku, double price) {}

  private static final class Order {
    final int id;
    final Customer customer;
    final long createdAt;
    final String coupon; // null: none
    String status = "pending";
    List<int[]> items = new ArrayList<>(); // {product index, qty}

    Order(int id, Customer customer, long createdAt, String coupon) {
      this.id = id;
      this.customer = customer;
      this.createdAt = createdAt;
      this.coupon = coupon;
    }
  }

  private static final class Simulation {
    final Random rng;
    final int count;
    final BufferedWriter orders;
    final BufferedWriter events;
    final List<Customer> customers = new ArrayList<>();
    final List<Product> products = new ArrayList<>();
    final List<Order> active = new ArrayList<>(); // not yet delivered, cancelled or refunded
    final List<Order> settled = new ArrayList<>(); // delivered, cancelled or refunded; may still be refunded or deleted
    long clock = START_SECONDS;
    int nextOrderId = 10_001;
    int nextEventId = 1;
    int inserts;
    int updates;
    int deletes;
    int withCoupon;
    int eventCount;

    Simulation(Random rng, int count, BufferedWriter orders, BufferedWriter events) {
      this.rng = rng;
      this.count = count;
      this.orders = orders;
      this.events = events;
      for (int i = 0; i < Math.max(10, count / 12); i++) {
        String first = FIRST[rng.nextInt(FIRST.length)];
        String last = LAST[rng.nextInt(LAST.length)];
        Object[] city = CITIES[rng.nextInt(CITIES.length)];
        int id = 501 + i;
        String email = ascii(first) + "." + ascii(last) + id % 97 + "@example.com";
        customers.add(new Customer(id, first + " " + last, email, (String) city[0], (String) city[1], (double) city[2]));
      }
      for (int i = 0; i < 120; i++) {
        products.add(new Product("SKU-" + (1000 + i * 7), cents(2 + rng.nextInt(150) + rng.nextInt(100) / 100.0)));
      }
    }

    Summary run() throws IOException {
      int targetIds = Math.max(1, count / 4);
      for (int i = 0; i < count; i++) {
        clock += 1 + rng.nextInt(59);
        boolean late = i >= count - count / 5; // the last 20% carry coupon_code
        int created = nextOrderId - 10_001;
        double insertChance = (double) (targetIds - created) / (count - i);
        boolean canUpdate = !active.isEmpty();
        boolean canDelete = !settled.isEmpty();
        double roll = rng.nextDouble();
        if ((!canUpdate && !canDelete) || roll < insertChance) {
          insert(late);
        } else if (canDelete && rng.nextDouble() < 0.04) {
          delete();
        } else if (canUpdate) {
          update(active.get(rng.nextInt(active.size())), late);
        } else {
          refundOrDelete(late);
        }
      }
      return new Summary(count, nextOrderId - 10_001, inserts, updates, deletes, withCoupon, eventCount);
    }

    void insert(boolean late) throws IOException {
      Customer c = customers.get(rng.nextInt(customers.size()));
      String coupon = late && rng.nextInt(10) < 3 ? COUPONS[rng.nextInt(COUPONS.length)] : null;
      Order o = new Order(nextOrderId++, c, clock, coupon);
      int size = rng.nextInt(10);
      int n = size < 8 ? 1 : size < 9 ? 2 : 3;
      for (int i = 0; i < n; i++) {
        o.items.add(new int[] {rng.nextInt(products.size()), 1 + (rng.nextInt(10) < 7 ? 0 : rng.nextInt(3))});
      }
      active.add(o);
      inserts++;
      write(o, "c", late);
      maybeEvent(o, "created");
    }

    void update(Order o, boolean late) throws IOException {
      int r = rng.nextInt(100);
      String event;
      switch (o.status) {
        case "pending" -> {
          if (r < 65) {
            o.status = "paid";
            event = "paid";
          } else if (r < 90) {
            changeItems(o);
            event = "items_changed";
          } else {
            o.status = "cancelled";
            event = "cancelled";
          }
        }
        case "paid" -> {
          if (r < 92) {
            o.status = "shipped";
            event = "shipped";
          } else {
            o.status = "refunded";
            event = "refunded";
          }
        }
        default -> { // shipped
          o.status = "delivered";
          event = "delivered";
        }
      }
      if (!o.status.equals("pending") && !o.status.equals("paid") && !o.status.equals("shipped")) {
        active.remove(o);
        settled.add(o);
      }
      updates++;
      write(o, "u", late);
      maybeEvent(o, event);
    }

    void refundOrDelete(boolean late) throws IOException {
      Order o = settled.get(rng.nextInt(settled.size()));
      if (o.status.equals("delivered") && rng.nextInt(4) == 0) {
        o.status = "refunded";
        updates++;
        write(o, "u", late);
        maybeEvent(o, "refunded");
      } else {
        delete();
      }
    }

    void delete() throws IOException {
      // Cancelled orders are purged first; otherwise a settled order is erased (say, at its customer's request).
      Order o = null;
      for (int i = settled.size() - 1; i >= 0 && o == null; i--) {
        if (settled.get(i).status.equals("cancelled")) {
          o = settled.remove(i);
        }
      }
      if (o == null) {
        o = settled.remove(rng.nextInt(settled.size()));
      }
      deletes++;
      ObjectNode doc = JSON.createObjectNode();
      meta(doc, "d");
      doc.put("order_id", o.id);
      line(orders, doc);
      maybeEvent(o, "deleted");
    }

    void changeItems(Order o) {
      if (o.items.size() > 1 && rng.nextBoolean()) {
        o.items.remove(rng.nextInt(o.items.size()));
      } else if (o.items.size() < 3 && rng.nextBoolean()) {
        o.items.add(new int[] {rng.nextInt(products.size()), 1});
      } else {
        int[] item = o.items.get(rng.nextInt(o.items.size()));
        item[1] = 1 + item[1] % 4;
      }
    }

    void write(Order o, String op, boolean late) throws IOException {
      ObjectNode doc = JSON.createObjectNode();
      meta(doc, op);
      doc.put("order_id", o.id);
      doc.put("status", o.status);
      ObjectNode customer = doc.putObject("customer");
      customer.put("id", o.customer.id());
      customer.put("name", o.customer.name());
      customer.put("email", o.customer.email());
      ObjectNode address = customer.putObject("address");
      address.put("city", o.customer.city());
      address.put("country", o.customer.country());
      ArrayNode items = doc.putArray("line_items");
      double subtotal = 0;
      for (int[] item : o.items) {
        Product p = products.get(item[0]);
        items.addObject().put("sku", p.sku()).put("qty", item[1]).put("unit_price", p.price());
        subtotal += p.price() * item[1];
      }
      double net = cents(o.coupon == null ? subtotal : subtotal * 0.9);
      double tax = cents(net * o.customer.vat());
      doc.put("total", cents(net + tax));
      doc.put("tax", tax);
      if (late) {
        if (o.coupon == null) {
          doc.putNull("coupon_code");
        } else {
          doc.put("coupon_code", o.coupon);
          withCoupon++;
        }
      }
      doc.put("created_at", rfc3339(o.createdAt));
      doc.put("updated_at", rfc3339(clock));
      line(orders, doc);
    }

    void maybeEvent(Order o, String type) throws IOException {
      if (rng.nextInt(10) != 0) {
        return;
      }
      ObjectNode doc = JSON.createObjectNode();
      ObjectNode meta = doc.putObject("_meta");
      meta.put("op", "c");
      meta.put("uuid", PublicationClock.uuid(lastTicks + 1, 0, PRODUCER).toString());
      doc.put("event_id", nextEventId++);
      doc.put("order_id", o.id);
      doc.put("type", type);
      doc.put("at", rfc3339(clock));
      if (type.equals("paid") || type.equals("refunded")) {
        double subtotal = 0;
        for (int[] item : o.items) {
          subtotal += products.get(item[0]).price() * item[1];
        }
        double net = cents(o.coupon == null ? subtotal : subtotal * 0.9);
        doc.put("amount", cents(net + cents(net * o.customer.vat())));
      }
      eventCount++;
      line(events, doc);
    }

    long lastTicks;

    void meta(ObjectNode doc, String op) {
      // Published shortly (under a second) after the change: strictly increasing, as clock advances a second or more.
      lastTicks = clock * 10_000_000L + rng.nextInt(9_000_000);
      ObjectNode meta = doc.putObject("_meta");
      meta.put("op", op);
      meta.put("uuid", PublicationClock.uuid(lastTicks, 0, PRODUCER).toString());
    }

    static void line(BufferedWriter out, ObjectNode doc) throws IOException {
      out.write(JSON.writeValueAsString(doc));
      out.write('\n');
    }
  }

  static double cents(double amount) {
    return Math.round(amount * 100) / 100.0;
  }

  static String rfc3339(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond).toString(); // e.g. 2024-03-01T00:00:12Z
  }

  private static String ascii(String name) {
    return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .replace("ø", "o")
        .replace("Ø", "O")
        .toLowerCase(java.util.Locale.ROOT);
  }

  static final String CATALOG =
      """
      {
        "description": "An e-commerce shop's orders as a change stream, and a sample of order events. Generated by org.flowmat.runtime.runner.OrdersExampleGenerator; see README.md.",
        "collections": [
          {
            "name": "acmeCo/orders",
            "description": "One document per change of an order: inserts, updates, and deletions carrying only the order id.",
            "key": ["/order_id"],
            "schema": "orders.schema.json",
            "reduction": "lastWriteWins",
            "documents": "orders.jsonl",
            "table": "orders",
            "delta_updates": false
          },
          {
            "name": "acmeCo/order-events",
            "description": "Append-only events about orders; materialized with delta updates, one row per event.",
            "key": ["/event_id"],
            "schema": {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": "Order event",
              "type": "object",
              "required": ["event_id", "order_id", "type", "at"],
              "properties": {
                "event_id": {"type": "integer", "title": "Event ID", "minimum": 1},
                "order_id": {"type": "integer", "title": "Order ID"},
                "type": {
                  "type": "string",
                  "enum": ["created", "items_changed", "paid", "shipped", "delivered", "cancelled", "refunded", "deleted"]
                },
                "at": {"type": "string", "format": "date-time", "description": "When the change happened."},
                "amount": {"type": "number", "minimum": 0, "description": "Amount paid or refunded, tax included, in EUR."}
              }
            },
            "documents": "order-events.jsonl",
            "table": "order_events",
            "delta_updates": true
          }
        ]
      }
      """;

  static final String ORDERS_SCHEMA =
      """
      {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Order",
        "description": "An order of the shop. A deletion (_meta/op \\"d\\") carries only order_id, so nothing else is required.",
        "type": "object",
        "required": ["order_id"],
        "properties": {
          "order_id": {"type": "integer", "title": "Order ID", "minimum": 1},
          "status": {
            "type": "string",
            "enum": ["pending", "paid", "shipped", "delivered", "cancelled", "refunded"],
            "default": "pending"
          },
          "customer": {
            "type": "object",
            "required": ["id", "name", "email", "address"],
            "properties": {
              "id": {"type": "integer", "title": "Customer ID"},
              "name": {"type": "string"},
              "email": {"type": "string", "format": "email"},
              "address": {"$ref": "#/$defs/address"}
            }
          },
          "line_items": {
            "type": "array",
            "minItems": 1,
            "items": {"$ref": "#/$defs/lineItem"}
          },
          "total": {"type": "number", "minimum": 0, "description": "Amount charged, tax included, in EUR."},
          "tax": {"type": "number", "minimum": 0, "description": "Value added tax included in total, in EUR."},
          "coupon_code": {
            "type": ["string", "null"],
            "maxLength": 16,
            "description": "Discount code, 10% off. Added late: earlier documents do not have this field."
          },
          "created_at": {"type": "string", "format": "date-time"},
          "updated_at": {"type": "string", "format": "date-time"}
        },
        "$defs": {
          "address": {
            "type": "object",
            "required": ["city", "country"],
            "properties": {
              "city": {"type": "string"},
              "country": {"type": "string", "minLength": 2, "maxLength": 2, "description": "ISO 3166-1 alpha-2 code."}
            }
          },
          "lineItem": {
            "type": "object",
            "required": ["sku", "qty", "unit_price"],
            "properties": {
              "sku": {"type": "string"},
              "qty": {"type": "integer", "minimum": 1},
              "unit_price": {"type": "number", "minimum": 0}
            }
          }
        }
      }
      """;
}
