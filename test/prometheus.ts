import parsePrometheusTextFormat, {
  type PrometheusFamily,
  type PrometheusSample,
} from 'parse-prometheus-text-format'

export type { PrometheusFamily, PrometheusSample }

/** Metric families, parsed from Prometheus text by a real parser (parse-prometheus-text-format). */
export function parseMetrics(text: string): PrometheusFamily[] {
  return parsePrometheusTextFormat(text)
}

/** Scrapes a `/metrics` URL as Prometheus does, and parses what it answers. */
export async function scrape(url: string): Promise<PrometheusFamily[]> {
  const response = await fetch(url, { headers: { accept: 'text/plain' } })
  if (!response.ok) throw new Error(`${url} answered ${response.status}`)
  return parseMetrics(await response.text())
}

/** The family called `name`, or an error listing the families there are. */
export function family(families: readonly PrometheusFamily[], name: string): PrometheusFamily {
  const found = families.find((entry) => entry.name === name)
  if (!found) {
    throw new Error(`no ${name} in ${families.map((entry) => entry.name).join(', ')}`)
  }
  return found
}

/** The samples of `name` whose labels include `labels`. */
export function samples(
  families: readonly PrometheusFamily[],
  name: string,
  labels: Record<string, string> = {},
): PrometheusSample[] {
  return family(families, name).metrics.filter((sample) =>
    Object.entries(labels).every(([key, value]) => sample.labels?.[key] === value),
  )
}

/** The value of the one sample of `name` with `labels`, as a number; undefined when there is none. */
export function sampleValue(
  families: readonly PrometheusFamily[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const [first, ...others] = samples(families, name, labels)
  if (others.length > 0) throw new Error(`${name} ${JSON.stringify(labels)} names several samples`)
  return first?.value === undefined ? undefined : Number(first.value)
}
