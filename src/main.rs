//! Entry point: declares the pages fetched on first use and mounts the app (`ui::start`).

#[cfg(target_arch = "wasm32")]
mod pages {
    use leptos::prelude::*;
    use leptos::wasm_split::{wasm_split, SplitLoaderError};
    use taizhang::ui::chunks::*;

    struct Failed(SplitLoaderError);

    impl From<SplitLoaderError> for Failed {
        fn from(error: SplitLoaderError) -> Failed {
            Failed(error)
        }
    }

    /// For each page, the function that gives it from the chunk named (`wasm-split-cli`
    /// puts the functions of one name in one chunk), and the `Pages` that load them.
    macro_rules! in_chunks {
        ($($chunk:ident: $name:ident => $page:ident;)*) => {
            $(
                #[wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
                fn $name() -> Result<fn() -> AnyView, Failed> {
                    Ok(|| view! { <$page/> }.into_any())
                }
            )*

            pub fn pages() -> Pages {
                Pages {
                    $($name: || Box::pin(async { $name().await.map_err(|_| Missing) }),)*
                }
            }
        };
    }

    in_chunks! {
        register: register_page => RegisterPage;
        petition: petition_page => PetitionPage;
        petition: notice_page => NoticePage;
        campaigns: campaigns_page => CampaignsPage;
        campaigns: campaign_page => CampaignPage;
        tallies: tallies_page => TalliesPage;
        reports: reports_page => ReportsPage;
        exchange: exchange_page => ExchangePage;
        exchange: conflicts_page => ConflictsPage;
        settings: settings_page => SettingsPage;
        setup: setup_page => SetupPage;
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    taizhang::start(pages::pages());
}
