WITH orders__agg AS (
  SELECT
    customers.segment AS segment,
    count(*) AS order_count
  FROM orders
  LEFT JOIN customers ON orders.customer_id = customers.id
  GROUP BY customers.segment
),
customers__domain AS (
  SELECT DISTINCT
    customers.segment AS segment
  FROM customers
),
ktx__spine AS (
  SELECT
    orders__agg.segment AS segment
  FROM orders__agg
  UNION
  SELECT
    customers__domain.segment AS segment
  FROM customers__domain
)
SELECT
  ktx__spine.segment AS segment,
  COALESCE(orders__agg.order_count, 0) AS order_count
FROM ktx__spine
LEFT JOIN orders__agg ON ktx__spine.segment IS NOT DISTINCT FROM orders__agg.segment
ORDER BY segment NULLS LAST