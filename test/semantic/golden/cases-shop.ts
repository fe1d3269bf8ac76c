import type { GoldenCase } from './types.js';

/**
 * Golden cases over the shop fixture. Every reference query is written by hand from the
 * question, without the semantic layer's help: correlated or pre-aggregated subqueries, never
 * the compiler's own shapes. Trap cases are those a naive "join everything, group by" gets wrong.
 */

const PAID_REVENUE = "SUM(CASE WHEN o.status = 'paid' THEN o.amount END)";

export const SHOP_CASES: GoldenCase[] = [
  {
    name: 'revenue by customer segment (many_to_one)',
    query: { measures: ['orders.revenue'], dimensions: ['customers.segment'] },
    reference: () => `SELECT c.segment AS segment, ${PAID_REVENUE} AS revenue
      FROM orders o LEFT JOIN customers c ON c.id = o.customer_id GROUP BY c.segment`,
  },
  {
    name: 'several measures and a derived ratio, test accounts excluded',
    query: {
      measures: ['orders.order_count', 'orders.revenue', 'orders.aov'],
      dimensions: ['customers.segment'],
      filters: ['customers.is_test = false'],
    },
    reference: (h) => `SELECT c.segment AS segment, COUNT(*) AS order_count, ${PAID_REVENUE} AS revenue,
        ${h.div(PAID_REVENUE, "COUNT(CASE WHEN o.status = 'paid' THEN 1 END)")} AS aov
      FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.is_test = FALSE GROUP BY c.segment`,
  },
  {
    name: 'orders by month',
    query: {
      measures: ['orders.order_count'],
      dimensions: [{ field: 'orders.created_at', granularity: 'month' }],
    },
    reference: (h) => `SELECT ${h.month('created_at')} AS created_at_month, COUNT(*) AS order_count
      FROM orders GROUP BY 1`,
  },
  {
    name: 'orders by quarter',
    query: { measures: ['orders.gross_amount'], dimensions: ['orders.created_at:quarter'] },
    reference: (h) =>
      `SELECT ${h.quarter('created_at')} AS created_at_quarter, SUM(amount) AS gross_amount FROM orders GROUP BY 1`,
  },
  {
    name: 'orders by year',
    query: { measures: ['orders.order_count'], dimensions: ['orders.created_at:year'] },
    reference: (h) =>
      `SELECT ${h.year('created_at')} AS created_at_year, COUNT(*) AS order_count FROM orders GROUP BY 1`,
  },
  {
    name: 'orders by ISO week (Monday start)',
    query: { measures: ['orders.order_count'], dimensions: ['orders.created_at:week'] },
    reference: (h) =>
      `SELECT ${h.week('created_at')} AS created_at_week, COUNT(*) AS order_count FROM orders GROUP BY 1`,
  },
  {
    name: 'tickets by day',
    query: { measures: ['tickets.ticket_count'], dimensions: ['tickets.opened_at:day'] },
    reference: (h) =>
      `SELECT ${h.day('opened_at')} AS opened_at_day, COUNT(*) AS ticket_count FROM tickets GROUP BY 1`,
  },
  {
    name: 'query segment on orders, by store',
    query: { measures: ['orders.order_count'], dimensions: ['stores.name'], segments: ['orders.paid'] },
    reference:
      () => `SELECT s.name AS name, COUNT(*) AS order_count FROM orders o LEFT JOIN stores s ON s.id = o.store_id
      WHERE o.status = 'paid' GROUP BY s.name`,
  },
  {
    name: 'an OR filter stays parenthesised next to another filter',
    query: {
      measures: ['orders.order_count'],
      filters: ["orders.status = 'paid' OR orders.status = 'refunded'", 'orders.amount > 50'],
    },
    reference: () =>
      `SELECT COUNT(*) AS order_count FROM orders WHERE (status = 'paid' OR status = 'refunded') AND amount > 50`,
  },
  {
    name: 'result filter on a measure (HAVING)',
    query: {
      measures: ['orders.revenue'],
      dimensions: ['customers.name'],
      filters: ['orders.revenue > 100'],
    },
    reference:
      () => `SELECT c.name AS name, ${PAID_REVENUE} AS revenue FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
      GROUP BY c.name HAVING ${PAID_REVENUE} > 100`,
  },
  {
    name: 'role-playing addresses: billing and shipping country side by side',
    query: {
      measures: ['orders.order_count'],
      dimensions: ['billing_address.country', 'shipping_address.country'],
    },
    reference:
      () => `SELECT b.country AS billing_address_country, s.country AS shipping_address_country, COUNT(*) AS order_count
      FROM orders o LEFT JOIN addresses b ON b.id = o.billing_address_id LEFT JOIN addresses s ON s.id = o.shipping_address_id
      GROUP BY b.country, s.country`,
  },
  {
    name: 'self join: employees per manager',
    query: { measures: ['employees.employee_count'], dimensions: ['manager.name'] },
    reference: () =>
      `SELECT m.name AS name, COUNT(*) AS employee_count FROM employees e LEFT JOIN employees m ON m.id = e.manager_id GROUP BY m.name`,
  },
  {
    name: 'a measure over a hidden column, by an aliased region',
    query: { measures: ['employees.payroll'], dimensions: ['employee_region.name'] },
    reference: () =>
      `SELECT r.name AS name, SUM(e.salary) AS payroll FROM employees e LEFT JOIN regions r ON r.id = e.region_id GROUP BY r.name`,
  },
  {
    name: 'computed columns as dimension and inside a measure',
    query: { measures: ['orders.net_revenue'], dimensions: ['customers.label'] },
    reference: (h) => `SELECT ${h.concat('c.name', "' ('", "COALESCE(c.segment, 'none')", "')'")} AS label,
        SUM(CASE WHEN o.status = 'paid' THEN o.amount - COALESCE(o.discount, 0) END) AS net_revenue
      FROM orders o LEFT JOIN customers c ON c.id = o.customer_id GROUP BY 1`,
  },
  {
    name: 'a sql: source, by its own column',
    query: { measures: ['payments.paid_amount', 'payments.payment_count'], dimensions: ['payments.method'] },
    reference: () =>
      `SELECT method AS method, SUM(amount) AS paid_amount, COUNT(*) AS payment_count FROM payments GROUP BY method`,
  },
  {
    name: 'runtime formula over two measures of one source, by region',
    query: {
      measures: [{ name: 'revenue_per_buyer', expr: 'orders.revenue / orders.buyers' }],
      dimensions: ['regions.name'],
    },
    reference: (
      h,
    ) => `SELECT r.name AS name, ${h.div(PAID_REVENUE, 'COUNT(DISTINCT o.customer_id)')} AS revenue_per_buyer
      FROM orders o LEFT JOIN customers c ON c.id = o.customer_id LEFT JOIN regions r ON r.id = c.region_id GROUP BY r.name`,
  },
  {
    name: 'measure filter on a joined column',
    query: { measures: ['orders.enterprise_revenue', 'orders.gross_amount'] },
    reference:
      () => `SELECT SUM(CASE WHEN c.segment = 'enterprise' AND o.status = 'paid' THEN o.amount END) AS enterprise_revenue,
        SUM(o.amount) AS gross_amount FROM orders o LEFT JOIN customers c ON c.id = o.customer_id`,
  },
  {
    name: 'dimensions only: distinct segment and region pairs',
    query: { dimensions: ['customers.segment', 'regions.name'] },
    reference: () =>
      `SELECT DISTINCT c.segment AS segment, r.name AS name FROM customers c LEFT JOIN regions r ON r.id = c.region_id`,
  },
  {
    name: 'include_empty keeps segments without orders',
    query: {
      measures: ['orders.order_count', 'orders.revenue'],
      dimensions: ['customers.segment'],
      include_empty: true,
    },
    reference:
      () => `SELECT d.segment AS segment, COALESCE(a.order_count, 0) AS order_count, a.revenue AS revenue
      FROM (SELECT segment FROM customers UNION SELECT c.segment FROM orders o LEFT JOIN customers c ON c.id = o.customer_id) d
      LEFT JOIN (SELECT c.segment AS segment, COUNT(*) AS order_count, ${PAID_REVENUE} AS revenue
                 FROM orders o LEFT JOIN customers c ON c.id = o.customer_id GROUP BY c.segment) a
        ON a.segment = d.segment OR (a.segment IS NULL AND d.segment IS NULL)`,
  },
  {
    name: 'explicit order and limit',
    query: {
      measures: ['orders.gross_amount'],
      dimensions: ['customers.name'],
      order_by: [{ field: 'gross_amount', direction: 'desc' }],
      limit: 3,
    },
    ordered: true,
    reference:
      () => `SELECT c.name AS name, SUM(o.amount) AS gross_amount FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
      GROUP BY c.name ORDER BY gross_amount DESC, c.name LIMIT 3`,
  },
  // ---------------------------------------------------------------- fan traps
  {
    name: 'fan trap: revenue by product category counts each order once per category',
    trap: 'fan',
    query: { measures: ['orders.revenue', 'orders.order_count'], dimensions: ['products.category'] },
    reference: () => `SELECT k.category AS category, ${PAID_REVENUE} AS revenue, COUNT(*) AS order_count
      FROM orders o LEFT JOIN (SELECT DISTINCT oi.order_id, p.category FROM order_items oi LEFT JOIN products p ON p.id = oi.product_id) k
        ON k.order_id = o.id
      GROUP BY k.category`,
  },
  {
    name: 'fan trap: average order amount by product (avg would be skewed by repeated orders)',
    trap: 'fan',
    query: { measures: [{ name: 'avg_amount', expr: 'avg(orders.amount)' }], dimensions: ['products.name'] },
    reference: () => `SELECT p.name AS name, AVG(o.amount) AS avg_amount FROM orders o
      LEFT JOIN (SELECT DISTINCT order_id, product_id FROM order_items) k ON k.order_id = o.id
      LEFT JOIN products p ON p.id = k.product_id GROUP BY p.name`,
  },
  {
    name: 'fan trap two levels deep: customers by product category',
    trap: 'fan',
    query: { measures: ['customers.customer_count'], dimensions: ['products.category'] },
    reference: () => `SELECT k.category AS category, COUNT(*) AS customer_count FROM customers c
      LEFT JOIN (SELECT DISTINCT o.customer_id, p.category FROM orders o
                 LEFT JOIN order_items oi ON oi.order_id = o.id LEFT JOIN products p ON p.id = oi.product_id) k
        ON k.customer_id = c.id
      GROUP BY k.category`,
  },
  {
    name: 'fan trap through a filter: revenue of orders that contain a book',
    trap: 'fan',
    query: { measures: ['orders.revenue', 'orders.order_count'], filters: ["products.category = 'books'"] },
    reference: () => `SELECT ${PAID_REVENUE} AS revenue, COUNT(*) AS order_count FROM orders o
      WHERE o.id IN (SELECT oi.order_id FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE p.category = 'books')`,
  },
  {
    name: 'fan trap: immune aggregates (max, count distinct) need no dedupe',
    trap: 'fan',
    query: { measures: ['orders.largest_order', 'orders.buyers'], dimensions: ['products.category'] },
    reference:
      () => `SELECT p.category AS category, MAX(o.amount) AS largest_order, COUNT(DISTINCT o.customer_id) AS buyers
      FROM orders o LEFT JOIN order_items oi ON oi.order_id = o.id LEFT JOIN products p ON p.id = oi.product_id GROUP BY p.category`,
  },
  {
    name: 'fan trap: customers per order status (one_to_many to the dimension)',
    trap: 'fan',
    query: { measures: ['customers.customer_count'], dimensions: ['orders.status'] },
    reference: () => `SELECT k.status AS status, COUNT(*) AS customer_count FROM customers c
      LEFT JOIN (SELECT DISTINCT customer_id, status FROM orders) k ON k.customer_id = c.id GROUP BY k.status`,
  },
  {
    name: 'fan trap: tickets by product category (tickets → customers → orders → items)',
    trap: 'fan',
    query: {
      measures: ['tickets.ticket_count', 'tickets.avg_satisfaction'],
      dimensions: ['products.category'],
    },
    reference:
      () => `SELECT k.category AS category, COUNT(*) AS ticket_count, AVG(t.satisfaction) AS avg_satisfaction FROM tickets t
      LEFT JOIN (SELECT DISTINCT c.id AS customer_id, p.category FROM customers c
                 LEFT JOIN orders o ON o.customer_id = c.id LEFT JOIN order_items oi ON oi.order_id = o.id
                 LEFT JOIN products p ON p.id = oi.product_id) k ON k.customer_id = t.customer_id
      GROUP BY k.category`,
  },
  {
    name: 'fan and chasm together: order revenue and item units by category',
    trap: 'fan',
    query: { measures: ['orders.revenue', 'order_items.units'], dimensions: ['products.category'] },
    reference: (h) => `SELECT d.category AS category, r.revenue AS revenue, u.units AS units
      FROM (SELECT p.category FROM orders o LEFT JOIN order_items oi ON oi.order_id = o.id LEFT JOIN products p ON p.id = oi.product_id
            UNION SELECT p.category FROM order_items oi LEFT JOIN products p ON p.id = oi.product_id) d
      LEFT JOIN (SELECT k.category, ${PAID_REVENUE} AS revenue FROM orders o
                 LEFT JOIN (SELECT DISTINCT oi.order_id, p.category FROM order_items oi LEFT JOIN products p ON p.id = oi.product_id) k
                 ON k.order_id = o.id GROUP BY k.category) r ON ${h.same('r.category', 'd.category')}
      LEFT JOIN (SELECT p.category, SUM(oi.quantity) AS units FROM order_items oi LEFT JOIN products p ON p.id = oi.product_id
                 GROUP BY p.category) u ON ${h.same('u.category', 'd.category')}`,
  },
  // ---------------------------------------------------------------- chasm traps
  {
    name: 'chasm trap: revenue and tickets per segment',
    trap: 'chasm',
    query: { measures: ['orders.revenue', 'tickets.ticket_count'], dimensions: ['customers.segment'] },
    reference: (
      h,
    ) => `SELECT d.segment AS segment, r.revenue AS revenue, COALESCE(t.ticket_count, 0) AS ticket_count
      FROM (SELECT c.segment FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
            UNION SELECT c.segment FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id) d
      LEFT JOIN (SELECT c.segment, ${PAID_REVENUE} AS revenue FROM orders o LEFT JOIN customers c ON c.id = o.customer_id GROUP BY c.segment) r
        ON ${h.same('r.segment', 'd.segment')}
      LEFT JOIN (SELECT c.segment, COUNT(*) AS ticket_count FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id GROUP BY c.segment) t
        ON ${h.same('t.segment', 'd.segment')}`,
  },
  {
    name: 'chasm trap: three facts by region, shared filter on a dimension',
    trap: 'chasm',
    query: {
      measures: [
        'orders.order_count',
        'tickets.ticket_count',
        'tickets.avg_satisfaction',
        'customers.customer_count',
      ],
      dimensions: ['regions.name'],
      filters: ['customers.is_test = false'],
    },
    reference: () => `SELECT r.name AS name,
        (SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.region_id = r.id AND c.is_test = FALSE) AS order_count,
        (SELECT COUNT(*) FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE c.region_id = r.id AND c.is_test = FALSE) AS ticket_count,
        (SELECT AVG(t.satisfaction) FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE c.region_id = r.id AND c.is_test = FALSE) AS avg_satisfaction,
        (SELECT COUNT(*) FROM customers c WHERE c.region_id = r.id AND c.is_test = FALSE) AS customer_count
      FROM regions r`,
  },
  {
    name: 'chasm trap: customers counted once next to their orders (cross-grain)',
    trap: 'chasm',
    query: { measures: ['customers.customer_count', 'orders.order_count'], dimensions: ['regions.name'] },
    reference: (
      h,
    ) => `SELECT d.name AS name, COALESCE(cc.n, 0) AS customer_count, COALESCE(oc.n, 0) AS order_count
      FROM (SELECT r.name FROM customers c LEFT JOIN regions r ON r.id = c.region_id
            UNION SELECT r.name FROM orders o LEFT JOIN customers c ON c.id = o.customer_id LEFT JOIN regions r ON r.id = c.region_id) d
      LEFT JOIN (SELECT r.name, COUNT(*) AS n FROM customers c LEFT JOIN regions r ON r.id = c.region_id GROUP BY r.name) cc
        ON ${h.same('cc.name', 'd.name')}
      LEFT JOIN (SELECT r.name, COUNT(*) AS n FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
                 LEFT JOIN regions r ON r.id = c.region_id GROUP BY r.name) oc ON ${h.same('oc.name', 'd.name')}`,
  },
  {
    name: 'chasm trap: payments (a sql source) and orders per segment',
    trap: 'chasm',
    query: { measures: ['orders.revenue', 'payments.paid_amount'], dimensions: ['customers.segment'] },
    reference: (h) => `SELECT d.segment AS segment, r.revenue AS revenue, p.paid_amount AS paid_amount
      FROM (SELECT c.segment FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
            UNION SELECT c.segment FROM payments pa LEFT JOIN orders o ON o.id = pa.order_id LEFT JOIN customers c ON c.id = o.customer_id) d
      LEFT JOIN (SELECT c.segment, ${PAID_REVENUE} AS revenue FROM orders o LEFT JOIN customers c ON c.id = o.customer_id GROUP BY c.segment) r
        ON ${h.same('r.segment', 'd.segment')}
      LEFT JOIN (SELECT c.segment, SUM(pa.amount) AS paid_amount FROM payments pa LEFT JOIN orders o ON o.id = pa.order_id
                 LEFT JOIN customers c ON c.id = o.customer_id GROUP BY c.segment) p ON ${h.same('p.segment', 'd.segment')}`,
  },
  {
    name: 'chasm trap: grand totals of three facts',
    trap: 'chasm',
    query: { measures: ['orders.order_count', 'tickets.ticket_count', 'payments.payment_count'] },
    reference:
      () => `SELECT (SELECT COUNT(*) FROM orders) AS order_count, (SELECT COUNT(*) FROM tickets) AS ticket_count,
      (SELECT COUNT(*) FROM payments) AS payment_count`,
  },
  {
    name: 'chasm trap: a fact filter applies to its own fact only',
    trap: 'chasm',
    query: {
      measures: ['orders.order_count', 'tickets.ticket_count'],
      dimensions: ['customers.segment'],
      filters: ["orders.status = 'paid'"],
    },
    reference: (
      h,
    ) => `SELECT d.segment AS segment, COALESCE(o2.n, 0) AS order_count, COALESCE(t2.n, 0) AS ticket_count
      FROM (SELECT c.segment FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE o.status = 'paid'
            UNION SELECT c.segment FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id) d
      LEFT JOIN (SELECT c.segment, COUNT(*) AS n FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
                 WHERE o.status = 'paid' GROUP BY c.segment) o2 ON ${h.same('o2.segment', 'd.segment')}
      LEFT JOIN (SELECT c.segment, COUNT(*) AS n FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id GROUP BY c.segment) t2
        ON ${h.same('t2.segment', 'd.segment')}`,
  },
  {
    name: 'chasm trap: result filter over a count that may be missing (0, not NULL)',
    trap: 'chasm',
    query: {
      measures: ['orders.gross_amount', 'tickets.ticket_count'],
      dimensions: ['customers.name'],
      filters: ['tickets.ticket_count = 0'],
    },
    reference: (h) => `SELECT c.name AS name, SUM(o.amount) AS gross_amount, 0 AS ticket_count
      FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
      WHERE NOT EXISTS (SELECT 1 FROM tickets t JOIN customers c2 ON c2.id = t.customer_id WHERE ${h.same('c2.name', 'c.name')})
      GROUP BY c.name`,
  },
  {
    name: 'chasm trap: ratio across facts with safe division',
    trap: 'chasm',
    query: {
      measures: [{ name: 'revenue_per_ticket', expr: 'orders.revenue / tickets.ticket_count' }],
      dimensions: ['customers.segment'],
    },
    reference: (
      h,
    ) => `SELECT d.segment AS segment, ${h.div('r.revenue', 'COALESCE(t.n, 0)')} AS revenue_per_ticket
      FROM (SELECT c.segment FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
            UNION SELECT c.segment FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id) d
      LEFT JOIN (SELECT c.segment, ${PAID_REVENUE} AS revenue FROM orders o LEFT JOIN customers c ON c.id = o.customer_id GROUP BY c.segment) r
        ON ${h.same('r.segment', 'd.segment')}
      LEFT JOIN (SELECT c.segment, COUNT(*) AS n FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id GROUP BY c.segment) t
        ON ${h.same('t.segment', 'd.segment')}`,
  },
  {
    name: 'chasm trap with include_empty: every segment, zero counts',
    trap: 'chasm',
    query: {
      measures: ['orders.order_count', 'tickets.ticket_count'],
      dimensions: ['customers.segment'],
      include_empty: true,
    },
    reference: (h) => `SELECT d.segment AS segment,
        COALESCE((SELECT COUNT(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE ${h.same('c.segment', 'd.segment')}), 0) AS order_count,
        COALESCE((SELECT COUNT(*) FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id WHERE ${h.same('c.segment', 'd.segment')}), 0) AS ticket_count
      FROM (SELECT segment FROM customers
            UNION SELECT c.segment FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
            UNION SELECT c.segment FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id) d`,
  },
  {
    name: 'chasm trap: two customer dimensions, counted from customers and from orders',
    trap: 'chasm',
    query: {
      measures: ['orders.order_count', 'customers.customer_count'],
      dimensions: ['customers.segment', 'regions.name'],
    },
    reference: (
      h,
    ) => `SELECT d.segment AS segment, d.name AS name, COALESCE(o2.n, 0) AS order_count, COALESCE(c2.n, 0) AS customer_count
      FROM (SELECT c.segment, r.name FROM customers c LEFT JOIN regions r ON r.id = c.region_id
            UNION SELECT c.segment, r.name FROM orders o LEFT JOIN customers c ON c.id = o.customer_id LEFT JOIN regions r ON r.id = c.region_id) d
      LEFT JOIN (SELECT c.segment, r.name, COUNT(*) AS n FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
                 LEFT JOIN regions r ON r.id = c.region_id GROUP BY c.segment, r.name) o2
        ON ${h.same('o2.segment', 'd.segment')} AND ${h.same('o2.name', 'd.name')}
      LEFT JOIN (SELECT c.segment, r.name, COUNT(*) AS n FROM customers c LEFT JOIN regions r ON r.id = c.region_id
                 GROUP BY c.segment, r.name) c2
        ON ${h.same('c2.segment', 'd.segment')} AND ${h.same('c2.name', 'd.name')}`,
  },
];
