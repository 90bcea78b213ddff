/** Messages of the report, in one place: what failed, and what to do. */
export const ReportErrors = {
  graphviz: (detail: string) => `Graphviz (@viz-js/viz) failed to lay out the diagram: ${detail}; check that the package is installed (npm ci)`,
};
