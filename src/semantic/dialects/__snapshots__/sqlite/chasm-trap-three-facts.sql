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
ktx__stacked AS (
  SELECT
    orders__agg.segment AS segment,
    orders__agg.name AS name,
    orders__agg.revenue AS revenue,
    NULL AS ticket_count,
    NULL AS paid_amount
  FROM orders__agg
  UNION ALL
  SELECT
    tickets__agg.segment AS segment,
    tickets__agg.name AS name,
    NULL AS revenue,
    tickets__agg.ticket_count AS ticket_count,
    NULL AS paid_amount
  FROM tickets__agg
  UNION ALL
  SELECT
    payments__agg.segment AS segment,
    payments__agg.name AS name,
    NULL AS revenue,
    NULL AS ticket_count,
    payments__agg.paid_amount AS paid_amount
  FROM payments__agg
)
SELECT
  ktx__stacked.segment AS segment,
  ktx__stacked.name AS name,
  MAX(ktx__stacked.revenue) AS revenue,
  COALESCE(MAX(ktx__stacked.ticket_count), 0) AS ticket_count,
  MAX(ktx__stacked.paid_amount) AS paid_amount,
  MAX(ktx__stacked.revenue) * 1.0 / NULLIF(COALESCE(MAX(ktx__stacked.ticket_count), 0), 0) AS revenue_per_ticket
FROM ktx__stacked
GROUP BY ktx__stacked.segment, ktx__stacked.name
HAVING (COALESCE(MAX(ktx__stacked.ticket_count), 0) > 0)
ORDER BY segment NULLS LAST, name NULLS LAST