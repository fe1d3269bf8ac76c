WITH invoices__agg AS (
  SELECT
    customers.Country AS Country,
    DATEFROMPARTS(YEAR(invoices.InvoiceDate), MONTH(invoices.InvoiceDate), 1) AS InvoiceDate_month,
    sum(invoices.Total) AS revenue
  FROM Invoice AS invoices
  LEFT JOIN Customer AS customers ON invoices.CustomerId = customers.CustomerId
  WHERE (invoices.Total >= 10)
  GROUP BY customers.Country, DATEFROMPARTS(YEAR(invoices.InvoiceDate), MONTH(invoices.InvoiceDate), 1)
),
invoice_lines__agg AS (
  SELECT
    customers.Country AS Country,
    DATEFROMPARTS(YEAR(invoices.InvoiceDate), MONTH(invoices.InvoiceDate), 1) AS InvoiceDate_month,
    sum(invoice_lines.Quantity) AS units
  FROM InvoiceLine AS invoice_lines
  LEFT JOIN Invoice AS invoices ON invoices.InvoiceId = invoice_lines.InvoiceId
  LEFT JOIN Customer AS customers ON invoices.CustomerId = customers.CustomerId
  WHERE (invoices.Total >= 10)
  GROUP BY customers.Country, DATEFROMPARTS(YEAR(invoices.InvoiceDate), MONTH(invoices.InvoiceDate), 1)
),
ktx__stacked AS (
  SELECT
    invoices__agg.Country AS Country,
    invoices__agg.InvoiceDate_month AS InvoiceDate_month,
    invoices__agg.revenue AS revenue,
    NULL AS units
  FROM invoices__agg
  UNION ALL
  SELECT
    invoice_lines__agg.Country AS Country,
    invoice_lines__agg.InvoiceDate_month AS InvoiceDate_month,
    NULL AS revenue,
    invoice_lines__agg.units AS units
  FROM invoice_lines__agg
)
SELECT
  ktx__stacked.Country AS Country,
  ktx__stacked.InvoiceDate_month AS InvoiceDate_month,
  MAX(ktx__stacked.revenue) AS revenue,
  MAX(ktx__stacked.units) AS units
FROM ktx__stacked
GROUP BY ktx__stacked.Country, ktx__stacked.InvoiceDate_month
ORDER BY CASE WHEN ktx__stacked.Country IS NULL THEN 1 ELSE 0 END, Country, CASE WHEN ktx__stacked.InvoiceDate_month IS NULL THEN 1 ELSE 0 END, InvoiceDate_month