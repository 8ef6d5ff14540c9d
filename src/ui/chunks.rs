//! The pages that are not in the first download. The app's binary (src/main.rs) declares a
//! function for each that `wasm-split-cli` (tools/split.mjs) cuts out of its wasm, with the
//! code only it reaches, into a chunk fetched the first time the page opens (from the
//! service worker's cache once it holds the build); it hands them to the app as `Pages`.
//! Declared there and not here, so that the office worker and the tests, which link this
//! library, hold none of the pages. The dashboard and the petition list stay in the first
//! download.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

pub use super::pages::{
    CampaignPage, CampaignsPage, ConflictsPage, ExchangePage, NoticePage, PetitionPage,
    RegisterPage, ReportsPage, SettingsPage, SetupPage, TalliesPage,
};
use super::I18n;
use crate::i18n::T;

/// A page's chunk could not be fetched: offline before the service worker held the build,
/// or the host has a newer build than the page. Nothing is lost; the next opening tries
/// again.
pub struct Missing;

/// Fetches a page's chunk (at most once) and gives the function, in the chunk, that makes
/// the page.
pub type Load = fn() -> Loading;

/// A page's chunk on its way.
pub type Loading = Pin<Box<dyn Future<Output = Result<fn() -> AnyView, Missing>>>>;

/// Declares `Pages` with one field per page.
macro_rules! pages {
    ($($page:ident),* $(,)?) => {
        /// Each page fetched on first use, by the function that loads it.
        #[derive(Clone, Copy)]
        pub struct Pages {
            $(pub $page: Load,)*
        }

        impl Pages {
            /// What an app mounted without its binary's pages has (the shell's browser
            /// tests): every such page is told missing.
            pub const MISSING: Pages = Pages { $($page: missing,)* };
        }
    };
}

pages!(
    register_page,
    petition_page,
    notice_page,
    campaigns_page,
    campaign_page,
    tallies_page,
    reports_page,
    exchange_page,
    conflicts_page,
    settings_page,
    setup_page,
);

fn missing() -> Loading {
    Box::pin(async { Err(Missing) })
}

/// The page `load` gives once its chunk is in; meanwhile a line saying it is coming, and if
/// the chunk cannot be had, why. A page left before its chunk came is not made.
pub fn later(load: Load) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let chunk = RwSignal::new(None::<Result<fn() -> AnyView, ()>>);
    leptos::task::spawn_local(async move {
        let loaded = load().await.map_err(|Missing| ());
        // Gone with the page if it was left meanwhile: then nothing is made.
        chunk.try_set(Some(loaded));
    });
    move || match chunk.get() {
        None => view! {
            <p class="page loading" data-testid="page-loading">{i18n.t(T::PageLoading)}</p>
        }
        .into_any(),
        Some(Ok(make)) => make(),
        Some(Err(())) => view! {
            <section class="page">
                <div class="problems" role="alert" data-testid="page-missing">
                    {move || i18n.t(T::PageMissing)}
                </div>
            </section>
        }
        .into_any(),
    }
}
