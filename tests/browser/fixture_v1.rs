//! A version-1 database as an earlier build left it, written with raw IndexedDB calls (not
//! with the code under test), so that opening it proves the app reads what is in the field.

use js_sys::{Object, Reflect};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{IdbDatabase, IdbObjectStoreParameters, IdbOpenDbRequest, IdbTransactionMode};

fn row(fields: &[(&str, &str)], version: u32, doc: &str) -> JsValue {
    let row = Object::new();
    for (key, value) in fields {
        Reflect::set(&row, &(*key).into(), &(*value).into()).unwrap();
    }
    Reflect::set(&row, &"version".into(), &version.into()).unwrap();
    Reflect::set(&row, &"doc".into(), &doc.into()).unwrap();
    row.into()
}

const OFFICE: &str = r#"{"id":"6f1c3c1e-8d7a-4d4e-9a51-0c2b7f0e5a11","version":1,"updated_at":"2022-08-21T08:00:00.000Z","updated_by":"fixture-device","deleted":false,"name":"市检察院","kind":"procuratorate","code":"JC","phone":"0371-1234567"}"#;

fn petition(id: &str, serial: &str, headcount: u32) -> String {
    format!(
        r#"{{"id":"{id}","version":1,"updated_at":"2022-08-22T09:30:00.123Z","updated_by":"fixture-device","deleted":false,"office_id":"6f1c3c1e-8d7a-4d4e-9a51-0c2b7f0e5a11","serial":"{serial}","channel":"visit","received_on":"2022-08-22","petitioner":{{"name":"李四","id_number":"","phone":"","address":""}},"headcount":{headcount},"law_related":true,"category":"court","subject":"判决执行","details":"","repeat_of":null,"assigned_to":null,"assigned_on":null,"leader":"","due_on":"2022-10-21","extended_to":null,"extension_reason":"","status":"registered","concluded_on":null,"outcome":null,"satisfaction":null,"actions":[]}}"#
    )
}

/// Creates `name` at schema 1 with its stores, empty, as the first release did.
async fn create_schema(name: &str) -> IdbDatabase {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request: IdbOpenDbRequest = factory.open_with_u32(name, 1).unwrap();
    let upgrade = Closure::once(move |event: web_sys::Event| {
        let request: IdbOpenDbRequest = event.target().unwrap().unchecked_into();
        let db: IdbDatabase = request.result().unwrap().unchecked_into();
        let by_id = IdbObjectStoreParameters::new();
        by_id.set_key_path(&"id".into());
        for store in ["offices", "metrics", "campaigns", "conflicts", "imports"] {
            db.create_object_store_with_optional_parameters(store, &by_id)
                .unwrap();
        }
        let petitions = db
            .create_object_store_with_optional_parameters("petitions", &by_id)
            .unwrap();
        for field in ["office_id", "received_on", "status", "due", "id_number"] {
            petitions.create_index_with_str(field, field).unwrap();
        }
        let tallies = db
            .create_object_store_with_optional_parameters("tallies", &by_id)
            .unwrap();
        for field in ["office_id", "metric", "on", "campaign_id"] {
            tallies.create_index_with_str(field, field).unwrap();
        }
        db.create_object_store("settings").unwrap();
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db: IdbDatabase = wasm_bindgen_futures::JsFuture::from(request_promise(&request))
        .await
        .unwrap()
        .unchecked_into();
    drop(upgrade);
    db
}

/// A schema-1 database with an office, two petitions and a device id.
pub async fn create(name: &str) {
    let db = create_schema(name).await;
    let tx = db
        .transaction_with_str_sequence_and_mode(
            &js_sys::Array::of3(&"offices".into(), &"petitions".into(), &"settings".into()),
            IdbTransactionMode::Readwrite,
        )
        .unwrap();
    let office_id = "6f1c3c1e-8d7a-4d4e-9a51-0c2b7f0e5a11";
    tx.object_store("offices")
        .unwrap()
        .put(&row(&[("id", office_id)], 1, OFFICE))
        .unwrap();
    let petitions = tx.object_store("petitions").unwrap();
    for (id, serial, headcount) in [
        ("0b6e2f4a-1111-4c3b-8f00-000000000001", "JC-2022-0001", 1),
        ("0b6e2f4a-1111-4c3b-8f00-000000000002", "JC-2022-0002", 6),
    ] {
        let fields = [
            ("id", id),
            ("office_id", office_id),
            ("received_on", "2022-08-22"),
            ("status", "registered"),
            ("due", "2022-10-21"),
        ];
        petitions
            .put(&row(&fields, 1, &petition(id, serial, headcount)))
            .unwrap();
    }
    tx.object_store("settings")
        .unwrap()
        .put_with_key(&r#""fixture-device""#.into(), &"device_id".into())
        .unwrap();
    wasm_bindgen_futures::JsFuture::from(transaction_promise(&tx))
        .await
        .unwrap();
    db.close();
}

/// A schema-1 database holding `ledger`, a row per record as the first release wrote it
/// (`{id, version, doc}`; the index fields matter to no reader since schema 2).
pub async fn create_holding(name: &str, ledger: &taizhang::domain::Ledger) {
    create_holding_with(name, ledger, |doc| doc).await;
}

/// As `create_holding`, each document passed through `damage` first.
pub async fn create_holding_with(
    name: &str,
    ledger: &taizhang::domain::Ledger,
    damage: impl Fn(String) -> String,
) {
    fn put_all<R: taizhang::domain::Record>(
        tx: &web_sys::IdbTransaction,
        store: &str,
        records: &std::collections::BTreeMap<taizhang::domain::Id, R>,
        damage: &dyn Fn(String) -> String,
    ) {
        let store = tx.object_store(store).unwrap();
        for record in records.values() {
            let doc = damage(serde_json::to_string(record).unwrap());
            store
                .put(&row(&[("id", record.id())], record.meta().version, &doc))
                .unwrap();
        }
    }
    let db = create_schema(name).await;
    let stores = js_sys::Array::new();
    for store in ["offices", "metrics", "campaigns", "petitions", "tallies"] {
        stores.push(&store.into());
    }
    let tx = db
        .transaction_with_str_sequence_and_mode(&stores, IdbTransactionMode::Readwrite)
        .unwrap();
    put_all(&tx, "offices", &ledger.offices, &damage);
    put_all(&tx, "metrics", &ledger.metrics, &damage);
    put_all(&tx, "campaigns", &ledger.campaigns, &damage);
    put_all(&tx, "petitions", &ledger.petitions, &damage);
    put_all(&tx, "tallies", &ledger.tallies, &damage);
    wasm_bindgen_futures::JsFuture::from(transaction_promise(&tx))
        .await
        .unwrap();
    db.close();
}

/// How many rows the schema-1 store `store` of `name` holds, read with raw calls.
pub async fn count_raw(name: &str, store: &str) -> u32 {
    let db = open_as_it_is(name).await;
    let tx = db.transaction_with_str(store).unwrap();
    let request = tx.object_store(store).unwrap().count().unwrap();
    let count =
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _reject| {
            let target = request.clone();
            let ok = Closure::once_into_js(move |_: web_sys::Event| {
                resolve
                    .call1(&JsValue::NULL, &target.result().unwrap())
                    .unwrap();
            });
            request.set_onsuccess(Some(ok.unchecked_ref()));
        }))
        .await
        .unwrap();
    db.close();
    count.as_f64().unwrap() as u32
}

/// Opens `name` with raw calls at whatever version it has: opening a newer one here would
/// upgrade it bare.
async fn open_as_it_is(name: &str) -> IdbDatabase {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.open(name).unwrap();
    wasm_bindgen_futures::JsFuture::from(request_promise(&request))
        .await
        .unwrap()
        .unchecked_into()
}

fn request_promise(request: &IdbOpenDbRequest) -> js_sys::Promise {
    let request = request.clone();
    js_sys::Promise::new(&mut |resolve, reject| {
        let target = request.clone();
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            resolve
                .call1(&JsValue::NULL, &target.result().unwrap())
                .unwrap();
        });
        let fail = Closure::once_into_js(move |_: web_sys::Event| {
            reject.call0(&JsValue::NULL).unwrap();
        });
        request.set_onsuccess(Some(ok.unchecked_ref()));
        request.set_onerror(Some(fail.unchecked_ref()));
    })
}

fn transaction_promise(tx: &web_sys::IdbTransaction) -> js_sys::Promise {
    let tx = tx.clone();
    js_sys::Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            resolve.call0(&JsValue::NULL).unwrap();
        });
        let fail = Closure::once_into_js(move |_: web_sys::Event| {
            reject.call0(&JsValue::NULL).unwrap();
        });
        tx.set_oncomplete(Some(ok.unchecked_ref()));
        tx.set_onerror(Some(fail.unchecked_ref()));
    })
}

/// Opens `name` at `version` with raw IndexedDB calls, as a newer build in another tab would.
pub async fn open_raw(name: &str, version: u32) {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.open_with_u32(name, version).unwrap();
    let db: IdbDatabase = wasm_bindgen_futures::JsFuture::from(request_promise(&request))
        .await
        .unwrap()
        .unchecked_into();
    db.close();
}

/// Opens `name` at `version` with raw IndexedDB calls and keeps the connection open without
/// listening for `versionchange`, as a tab of an older build that does not let go would.
pub async fn hold_raw(name: &str, version: u32) -> IdbDatabase {
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.open_with_u32(name, version).unwrap();
    wasm_bindgen_futures::JsFuture::from(request_promise(&request))
        .await
        .unwrap()
        .unchecked_into()
}

/// Puts `row` in `store` of `name` at its current version with raw IndexedDB calls, as an
/// earlier release wrote it.
pub async fn put_raw(name: &str, store: &str, row: &JsValue) {
    let db = open_as_it_is(name).await;
    let tx = db
        .transaction_with_str_and_mode(store, web_sys::IdbTransactionMode::Readwrite)
        .unwrap();
    tx.object_store(store).unwrap().put(row).unwrap();
    wasm_bindgen_futures::JsFuture::from(transaction_promise(&tx))
        .await
        .unwrap();
    db.close();
}
