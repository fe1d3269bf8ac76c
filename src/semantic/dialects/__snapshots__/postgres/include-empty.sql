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
ktx__stacked AS (
  SELECT
    orders__agg.segment AS segment,
    orders__agg.order_count AS order_count
  FROM orders__agg
  UNION ALL
  SELECT
    customers__domain.segment AS segment,
    NULL AS order_count
  FROM customers__domain
)
SELECT
  ktx__stacked.segment AS segment,
  COALESCE(MAX(ktx__stacked.order_count), 0) AS order_count
FROM ktx__stacked
GROUP BY ktx__stacked.segment
ORDER BY segment NULLS LAST