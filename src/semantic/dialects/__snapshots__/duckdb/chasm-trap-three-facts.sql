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
)
SELECT
  COALESCE(orders__agg.segment, tickets__agg.segment, payments__agg.segment) AS segment,
  COALESCE(orders__agg.name, tickets__agg.name, payments__agg.name) AS name,
  orders__agg.revenue AS revenue,
  COALESCE(tickets__agg.ticket_count, 0) AS ticket_count,
  payments__agg.paid_amount AS paid_amount,
  orders__agg.revenue / NULLIF(COALESCE(tickets__agg.ticket_count, 0), 0) AS revenue_per_ticket
FROM orders__agg
FULL OUTER JOIN tickets__agg ON (orders__agg.segment IS NOT DISTINCT FROM tickets__agg.segment) AND (orders__agg.name IS NOT DISTINCT FROM tickets__agg.name)
FULL OUTER JOIN payments__agg ON (COALESCE(orders__agg.segment, tickets__agg.segment) IS NOT DISTINCT FROM payments__agg.segment) AND (COALESCE(orders__agg.name, tickets__agg.name) IS NOT DISTINCT FROM payments__agg.name)
WHERE (COALESCE(tickets__agg.ticket_count, 0) > 0)
ORDER BY segment NULLS LAST, name NULLS LAST