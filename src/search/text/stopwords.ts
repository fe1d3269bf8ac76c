/**
 * Function words dropped from both documents and queries: they carry no meaning for retrieval
 * and would otherwise make every AND-style match fail ("what is the refund policy").
 */
export const STOPWORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below
  between both but by can could did do does doing down during each few for from further had has have
  having he her here hers herself him himself his i if in into is it its itself just me more most my
  myself no nor not of off on once only or other our ours ourselves out over own same she should so
  some such than that the their theirs them themselves then there these they this those through to too
  under until up very was we were what when where which while who whom why will with would you your
  yours yourself yourselves s t ll re ve d m o y e g i.e eg ie etc vs via per`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Words people put around a question that say nothing about what they are looking for. Dropped
 * from queries only (a document may legitimately be about a "list" or a "report").
 */
export const QUERY_FILLER = new Set(
  `how show tell give find get please want wanted need know looking look see us let lets defined
  define definition definitions explain explained anything something thing things our we do does did
  where which what`
    .split(/\s+/)
    .filter(Boolean),
);
