WITH invoices__agg AS (
  SELECT
    customers.Country AS Country,
    CAST(DATE_FORMAT(invoices.InvoiceDate, '%Y-%m-01') AS DATE) AS InvoiceDate_month,
    sum(invoices.Total) AS revenue
  FROM Invoice AS invoices
  LEFT JOIN Customer AS customers ON invoices.CustomerId = customers.CustomerId
  WHERE (invoices.Total >= 10)
  GROUP BY customers.Country, CAST(DATE_FORMAT(invoices.InvoiceDate, '%Y-%m-01') AS DATE)
),
invoice_lines__agg AS (
  SELECT
    customers.Country AS Country,
    CAST(DATE_FORMAT(invoices.InvoiceDate, '%Y-%m-01') AS DATE) AS InvoiceDate_month,
    sum(invoice_lines.Quantity) AS units
  FROM InvoiceLine AS invoice_lines
  LEFT JOIN Invoice AS invoices ON invoices.InvoiceId = invoice_lines.InvoiceId
  LEFT JOIN Customer AS customers ON invoices.CustomerId = customers.CustomerId
  WHERE (invoices.Total >= 10)
  GROUP BY customers.Country, CAST(DATE_FORMAT(invoices.InvoiceDate, '%Y-%m-01') AS DATE)
),
ktx__spine AS (
  SELECT
    invoices__agg.Country AS Country,
    invoices__agg.InvoiceDate_month AS InvoiceDate_month
  FROM invoices__agg
  UNION
  SELECT
    invoice_lines__agg.Country AS Country,
    invoice_lines__agg.InvoiceDate_month AS InvoiceDate_month
  FROM invoice_lines__agg
)
SELECT
  ktx__spine.Country AS Country,
  ktx__spine.InvoiceDate_month AS InvoiceDate_month,
  invoices__agg.revenue AS revenue,
  invoice_lines__agg.units AS units
FROM ktx__spine
LEFT JOIN invoices__agg ON (ktx__spine.Country <=> invoices__agg.Country) AND (ktx__spine.InvoiceDate_month <=> invoices__agg.InvoiceDate_month)
LEFT JOIN invoice_lines__agg ON (ktx__spine.Country <=> invoice_lines__agg.Country) AND (ktx__spine.InvoiceDate_month <=> invoice_lines__agg.InvoiceDate_month)
ORDER BY Country IS NULL, Country, InvoiceDate_month IS NULL, InvoiceDate_month