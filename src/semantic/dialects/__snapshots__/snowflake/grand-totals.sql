WITH "orders__agg" AS (
  SELECT
    count(*) AS "order_count"
  FROM orders AS "orders"
),
"tickets__agg" AS (
  SELECT
    count(*) AS "ticket_count"
  FROM tickets AS "tickets"
)
SELECT
  COALESCE("orders__agg"."order_count", 0) AS "order_count",
  COALESCE("tickets__agg"."ticket_count", 0) AS "ticket_count"
FROM "orders__agg"
CROSS JOIN "tickets__agg"