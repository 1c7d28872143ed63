/**
 * The dashboard's pages, in menu order. Add a page: a folder `pages/<name>/` with a default-exported
 * component, and one entry here (docs/dashboard-dev.md). Pages load lazily: a page's charts are only
 * downloaded when it is opened.
 */
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

export interface PageDef {
  /** Hash path, `/control`. */
  path: string;
  title: string;
  component: LazyExoticComponent<ComponentType>;
}

export const pages: PageDef[] = [
  { path: '/control', title: 'Control center', component: lazy(() => import('./control/ControlCenter.tsx')) },
  { path: '/oee', title: 'OEE', component: lazy(() => import('./oee/OeePage.tsx')) },
  {
    path: '/reliability',
    title: 'Reliability',
    component: lazy(() => import('./reliability/ReliabilityPage.tsx')),
  },
  { path: '/quality', title: 'Quality', component: lazy(() => import('./quality/QualityPage.tsx')) },
  { path: '/pipeline', title: 'Pipeline', component: lazy(() => import('./pipeline/PipelinePage.tsx')) },
  { path: '/widgets', title: 'Widgets', component: lazy(() => import('./widgets/WidgetsPage.tsx')) },
];
