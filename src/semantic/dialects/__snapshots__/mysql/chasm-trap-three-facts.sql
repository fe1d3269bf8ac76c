WITH orders__agg AS (
  SELECT
    customers.segment AS segment,
    regions.name AS name,
    sum(CASE WHEN orders.status = 'paid' THEN orders.amount END) AS revenue
  FROM orders
  LEFT JOIN customers ON orders.customer_id = customers.id
  LEFT JOIN regions ON customers.region_id = regions.id
  GROUP BY customers.segment, regions.name
),
tickets__agg AS (
  SELECT
    customers.segment AS segment,
    regions.name AS name,
    count(*) AS ticket_count
  FROM tickets
  LEFT JOIN customers ON tickets.customer_id = customers.id
  LEFT JOIN regions ON customers.region_id = regions.id
  GROUP BY customers.segment, regions.name
),
payments__agg AS (
  SELECT
    customers.segment AS segment,
    regions.name AS name,
    sum(payments.amount) AS paid_amount
  FROM (
    SELECT id, order_id, amount, method FROM payments
  ) AS payments
  LEFT JOIN orders ON payments.order_id = orders.id
  LEFT JOIN customers ON orders.customer_id = customers.id
  LEFT JOIN regions ON customers.region_id = regions.id
  GROUP BY customers.segment, regions.name
),
ktx__spine AS (
  SELECT
    orders__agg.segment AS segment,
    orders__agg.name AS name
  FROM orders__agg
  UNION
  SELECT
    tickets__agg.segment AS segment,
    tickets__agg.name AS name
  FROM tickets__agg
  UNION
  SELECT
    payments__agg.segment AS segment,
    payments__agg.name AS name
  FROM payments__agg
)
SELECT
  ktx__spine.segment AS segment,
  ktx__spine.name AS name,
  orders__agg.revenue AS revenue,
  COALESCE(tickets__agg.ticket_count, 0) AS ticket_count,
  payments__agg.paid_amount AS paid_amount,
  orders__agg.revenue / NULLIF(COALESCE(tickets__agg.ticket_count, 0), 0) AS revenue_per_ticket
FROM ktx__spine
LEFT JOIN orders__agg ON (ktx__spine.segment <=> orders__agg.segment) AND (ktx__spine.name <=> orders__agg.name)
LEFT JOIN tickets__agg ON (ktx__spine.segment <=> tickets__agg.segment) AND (ktx__spine.name <=> tickets__agg.name)
LEFT JOIN payments__agg ON (ktx__spine.segment <=> payments__agg.segment) AND (ktx__spine.name <=> payments__agg.name)
WHERE (COALESCE(tickets__agg.ticket_count, 0) > 0)
ORDER BY segment IS NULL, segment, name IS NULL, name